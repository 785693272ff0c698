"""seminarkit: one validated seminar source, course website, handouts and worksheets."""

__version__ = "0.1.0"
