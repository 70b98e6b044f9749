# Print 200 MB as 1 MB lines.
line = "x" * (2**20 - 1)
for _ in range(200):
    print(line)
