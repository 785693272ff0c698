"""The course model: exercises, lessons and the course; no I/O."""
