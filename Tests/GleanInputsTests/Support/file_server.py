#!/usr/bin/env python3
"""Serves the files of a directory (argv[2]) on 127.0.0.1, with an ETag per file content and
If-None-Match → 304, for the input layer's URL tests. Prints its port, serves until stdin closes;
after every request writes the counts per path ("304 /x" for not-modified answers) to argv[1]."""
import hashlib, http.server, json, os, sys, threading

root, counts, lock = sys.argv[2], {}, threading.Lock()

class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        path = self.path.split("?")[0]
        file = os.path.join(root, path.lstrip("/"))
        if not os.path.isfile(file):
            self.count(path)
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = open(file, "rb").read()
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            self.count("304 " + path)
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.count(path)
        self.send_response(200)
        self.send_header("ETag", etag)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def count(self, key):
        with lock:
            counts[key] = counts.get(key, 0) + 1
            with open(sys.argv[1] + ".tmp", "w") as f:
                json.dump(counts, f)
            os.replace(sys.argv[1] + ".tmp", sys.argv[1])

server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
threading.Thread(target=server.serve_forever, daemon=True).start()
sys.stdin.read()
