"""The sandboxed kernel: bubblewrap, cgroups and the fonts a student's kernel may read."""
