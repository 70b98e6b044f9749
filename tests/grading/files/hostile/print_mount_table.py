# Print the sandbox's mount table, which names the host folders mounted into it.
for name in ("/proc/self/mountinfo", "/proc/mounts"):
    with open(name) as f:
        print(f.read())
