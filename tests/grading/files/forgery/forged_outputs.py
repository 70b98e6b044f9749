# target: outputs
All tests passed.
