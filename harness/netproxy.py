"""Two small loopback proxies for the scale-out test and the fault benchmarks.

``TcpProxy`` forwards bytes to one address and can be cut (every open connection
dropped, new ones refused at once) and restored: a database outage without
touching the database server that others share.

``RoundRobinProxy`` spreads HTTP requests over several servers in turn, as a load
balancer without sticky sessions does, and remembers which server took which request.
"""
from __future__ import annotations

import itertools
import socket
import threading
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

_HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade",
               "proxy-authorization", "proxy-authenticate", "host", "content-length"}


class TcpProxy:
    """127.0.0.1:<port> -> upstream (host, port)."""

    def __init__(self, upstream: tuple[str, int]) -> None:
        self.upstream = upstream
        self._server = socket.create_server(("127.0.0.1", 0))
        self.port = self._server.getsockname()[1]
        self._open: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._down = False
        self._closed = False
        threading.Thread(target=self._accept, daemon=True, name="tcp-proxy").start()

    def cut(self) -> None:
        """Drop every connection now and refuse new ones until ``restore()``."""
        with self._lock:
            self._down = True
            for sock in self._open:
                _close(sock)
            self._open.clear()

    def restore(self) -> None:
        with self._lock:
            self._down = False

    def close(self) -> None:
        self._closed = True
        self.cut()
        _close(self._server)

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self._server.accept()
            except OSError:
                return
            with self._lock:
                down = self._down
            if down:
                _close(client)
                continue
            try:
                upstream = socket.create_connection(self.upstream, timeout=5)
                upstream.settimeout(None)
            except OSError:
                _close(client)
                continue
            with self._lock:
                self._open.update((client, upstream))
            for source, target in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, target), daemon=True).start()

    def _pump(self, source: socket.socket, target: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        finally:
            with self._lock:
                self._open.discard(source)
                self._open.discard(target)
            _close(source)
            _close(target)


def _close(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    sock.close()


class RoundRobinProxy:
    """http://127.0.0.1:<port> -> each request to the next of ``upstreams`` (base URLs)."""

    def __init__(self, upstreams: list[str], timeout: float = 60.0) -> None:
        self.upstreams = list(upstreams)
        self.served: list[tuple[str, str]] = []  # (upstream, path) per request, in order
        turns = itertools.cycle(self.upstreams)
        lock = threading.Lock()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _forward(self) -> None:
                with lock:
                    upstream = next(turns)
                    proxy.served.append((upstream, self.path))
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0)) or None
                headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP_BY_HOP}
                request = urllib.request.Request(upstream + self.path, data=body, headers=headers,
                                                 method=self.command)
                try:
                    with urllib.request.urlopen(request, timeout=timeout) as response:
                        status, reply, reply_headers = response.status, response.read(), response.headers
                except urllib.error.HTTPError as error:
                    status, reply, reply_headers = error.code, error.read(), error.headers
                except OSError as error:
                    status, reply, reply_headers = 502, f"upstream {upstream}: {error}".encode(), {}
                self.send_response(status)
                for key, value in reply_headers.items():
                    if key.lower() not in _HOP_BY_HOP:
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _forward

            def log_message(self, *args) -> None:  # the test reads ``served`` instead
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        threading.Thread(target=self._server.serve_forever, daemon=True, name="round-robin-proxy").start()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
