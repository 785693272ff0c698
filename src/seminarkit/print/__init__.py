"""Print output: course reader, worksheets and solution key as PDFs (WeasyPrint, no MkDocs)."""
