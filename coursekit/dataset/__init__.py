"""Build the course's own cat / non-cat dataset from openly licensed Debian artwork."""
