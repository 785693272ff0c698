"""seminarkit."""
