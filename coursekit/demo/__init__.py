"""The demo class (`make demo`): hand in, grade and report a class of made-up students."""
