# target: test_cells
pass
