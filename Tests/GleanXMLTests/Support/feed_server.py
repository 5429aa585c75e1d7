#!/usr/bin/env python3
"""A scripted feed server for Glean's HTTP tests. Binds 127.0.0.1 on a free port, prints the port,
serves until stdin closes. Paths choose a behaviour. After every request the counts per path are
written as JSON to the file named by the first argument."""
import gzip, http.server, json, os, sys, threading, time

FEED = ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>T</title>'
        '<item><guid>{guid}</guid><title>{title}</title><link>/items/{guid}</link></item></channel></rss>')
counts, headers_seen, lock = {}, {}, threading.Lock()

class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, status, body=b"", headers=None):
        self.send_response(status)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        if "Content-Length" not in (headers or {}):
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        path = self.path.split("?")[0]
        with lock:
            counts[path] = counts.get(path, 0) + 1
            n = counts[path]
            headers_seen[path] = dict(self.headers)
            with open(sys.argv[1] + ".tmp", "w") as stats:
                json.dump(counts, stats)
            os.replace(sys.argv[1] + ".tmp", sys.argv[1])
        feed = lambda guid="1", title="one": FEED.format(guid=guid, title=title).encode()
        if path == "/stats":
            self.send(200, json.dumps({"counts": counts, "headers": headers_seen}).encode(), {"Content-Type": "application/json"})
        elif path == "/etag.xml":
            if self.headers.get("If-None-Match") == '"v1"':
                self.send(304, headers={"ETag": '"v1"'})
            else:
                self.send(200, feed(), {"ETag": '"v1"', "Content-Type": "application/rss+xml"})
        elif path == "/flaky.xml":
            self.send(500, b"oops") if n == 1 else self.send(200, feed("f", "flaky"))
        elif path == "/ratelimited.xml":
            self.send(429, b"slow down", {"Retry-After": "1"}) if n == 1 else self.send(200, feed("r", "limited"))
        elif path == "/slow.xml":
            time.sleep(3)
            self.send(200, feed("s", "slow"))
        elif path == "/truncated.xml":
            self.send_response(200)
            self.send_header("Content-Length", "5000")
            self.end_headers()
            self.wfile.write(feed()[:60])
            self.wfile.flush()
            self.close_connection = True
        elif path in ("/loop.xml", "/loop2.xml"):
            self.send(302, headers={"Location": "/loop2.xml" if path == "/loop.xml" else "/loop.xml"})
        elif path == "/redirect.xml":
            self.send(301, headers={"Location": "/feeds/final.xml"})
        elif path == "/feeds/final.xml":
            self.send(200, feed("final", "moved"))
        elif path == "/gzip.xml":
            self.send(200, gzip.compress(feed("g", "zipped")), {"Content-Encoding": "gzip", "Content-Type": "application/rss+xml"})
        elif path == "/charset.xml":
            body = '<?xml version="1.0" encoding="ISO-8859-1"?><rss><channel><item><guid>c</guid><title>新闻标题</title></item></channel></rss>'.encode("gb18030")
            self.send(200, body, {"Content-Type": "text/xml; charset=GB18030"})
        elif path == "/big.xml":
            self.send(200, feed("b", "x" * 200_000))
        elif path == "/trickle.xml":
            # Head at once, then the body one byte a second (a whole-response timeout must end it).
            body = feed("t", "trickle" * 40)
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            try:
                for i in range(len(body)):
                    self.wfile.write(body[i:i + 1])
                    self.wfile.flush()
                    time.sleep(1)
            except (BrokenPipeError, ConnectionResetError):
                pass
        elif path == "/retry-later.xml":
            self.send(503, b"busy", {"Retry-After": "120"})
        elif path == "/missing.xml":
            self.send(404, b"not here")
        else:
            self.send(200, feed(path.strip("/"), "generic " + path))

server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
print(server.server_address[1], flush=True)
threading.Thread(target=server.serve_forever, daemon=True).start()
sys.stdin.read()  # serve until the test closes our stdin
server.shutdown()
