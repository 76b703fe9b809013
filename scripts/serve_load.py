#!/usr/bin/env python3
"""Bounded load test of `opas serve`, on the loopback interface only; stops by itself.

1. Throughput: N page requests (/pori/) from C client threads over kept-alive
   connections; prints requests per second, p50/p99 latency and the server's memory.
2. Exhaustion: restarts the server under `ulimit -n 1024`, holds 1,000 long polls
   (/__opas/wait) and 2,000 idle connections, then loads a page on a new connection
   now and then: each must answer 200 in under 100 ms, and the server must still run.

Usage: scripts/serve_load.py [--opas target/release/opas] [--project .]
Exit status 0 when phase 2 passes, 1 otherwise. Python 3 standard library only.
"""

import argparse
import http.client
import os
import resource
import signal
import socket
import subprocess
import sys
import threading
import time

PAGE = "/pori/"


def start(opas, project, fd_limit=None):
    """Starts `opas serve`, returns (process, host, port)."""
    command = [opas, "-C", project, "serve"]
    if fd_limit:
        # `exec` keeps the process id, so the signal at the end reaches opas itself.
        command = ["sh", "-c", f'ulimit -n {fd_limit} && exec "$0" "$@"'] + command
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    line = server.stdout.readline().decode().strip()
    if not line.startswith("http://127.0.0.1:"):
        server.kill()
        sys.exit(f"serve did not print a loopback URL: {line!r}")
    host, port = line[len("http://"):].rstrip("/").split(":")
    return server, host, int(port)


def stop(server):
    server.send_signal(signal.SIGINT)
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def memory(server):
    """(resident MiB, peak resident MiB, open descriptors) of the server."""
    fields = {}
    try:
        with open(f"/proc/{server.pid}/status") as f:
            for line in f:
                key, _, value = line.partition(":")
                fields[key] = value.strip()
        fds = len(os.listdir(f"/proc/{server.pid}/fd"))
    except OSError:
        return None
    mib = lambda k: int(fields.get(k, "0 kB").split()[0]) / 1024
    return mib("VmRSS"), mib("VmHWM"), fds


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p))] if values else float("nan")


def throughput(host, port, requests, clients):
    latencies, failures = [], [0]
    lock = threading.Lock()

    def client(n):
        conn = http.client.HTTPConnection(host, port, timeout=10)
        mine = []
        for _ in range(n):
            t = time.perf_counter()
            try:
                conn.request("GET", PAGE)
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
            except OSError:
                ok = False
                conn.close()
                conn = http.client.HTTPConnection(host, port, timeout=10)
            mine.append(time.perf_counter() - t)
            if not ok:
                with lock:
                    failures[0] += 1
        conn.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client, args=(requests // clients,)) for _ in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    return len(latencies) / elapsed, latencies, failures[0]


def page_once(host, port, timeout=2.0):
    """Loads the page on a new connection: (status or None, seconds)."""
    t = time.perf_counter()
    try:
        with socket.create_connection((host, port), timeout=timeout) as s:
            s.sendall(f"GET {PAGE} HTTP/1.0\r\nHost: {host}:{port}\r\n\r\n".encode())
            data = b""
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
        status = int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/") else None
    except (OSError, ValueError, IndexError):
        status = None
    return status, time.perf_counter() - t


def generation(host, port):
    conn = http.client.HTTPConnection(host, port, timeout=10)
    conn.request("GET", "/__opas/wait")
    body = conn.getresponse().read().decode()
    conn.close()
    return int(body.split(":")[1].rstrip("}"))


def hold(host, port, polls, idle):
    """Opens `polls` long polls and `idle` silent connections; returns (sockets, refused)."""
    since = generation(host, port)
    held, refused = [], 0
    deadline = time.monotonic() + 60
    for i in range(polls + idle):
        if time.monotonic() > deadline:
            refused += polls + idle - i
            break
        try:
            s = socket.create_connection((host, port), timeout=2)
            if i < polls:
                s.sendall(f"GET /__opas/wait?since={since} HTTP/1.1\r\nHost: {host}:{port}\r\n\r\n".encode())
            held.append(s)
        except OSError:
            refused += 1
    return held, refused


def still_open(sockets):
    """How many of `sockets` the server has not closed."""
    count = 0
    for s in sockets:
        s.setblocking(False)
        try:
            count += s.recv(1, socket.MSG_PEEK) != b""
        except BlockingIOError:
            count += 1
        except OSError:
            pass
    return count


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--opas", default="target/release/opas")
    parser.add_argument("--project", default=".")
    parser.add_argument("--requests", type=int, default=4000)
    parser.add_argument("--clients", type=int, default=8)
    args = parser.parse_args()
    # The client holds 3,000 sockets itself.
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, 8192)), hard))

    server, host, port = start(args.opas, args.project)
    try:
        throughput(host, port, 200, 2)  # warm up
        rps, latencies, failures = throughput(host, port, args.requests, args.clients)
        rss, peak, fds = memory(server)
        print(f"throughput: {len(latencies)} requests of {PAGE}, {args.clients} clients, kept alive")
        print(f"  {rps:.0f} requests/s, p50 {percentile(latencies, .5) * 1000:.2f} ms, "
              f"p99 {percentile(latencies, .99) * 1000:.2f} ms, {failures} failed")
        print(f"  server memory: {rss:.1f} MiB resident, {peak:.1f} MiB peak")
    finally:
        stop(server)

    server, host, port = start(args.opas, args.project, fd_limit=1024)
    passed = False
    try:
        rss0, _, _ = memory(server)
        held, refused = hold(host, port, polls=1000, idle=2000)
        time.sleep(1)
        pages = [page_once(host, port) for _ in range(20)]
        time.sleep(0.05)
        ok = [t for status, t in pages if status == 200]
        alive = server.poll() is None
        state = memory(server) if alive else None
        print("exhaustion: ulimit -n 1024, 1000 long polls + 2000 idle connections")
        print(f"  connections opened {len(held)}, refused {refused}; still open {still_open(held)}")
        if state:
            print(f"  server alive, {state[2]} descriptors, {state[0]:.1f} MiB resident (was {rss0:.1f})")
        else:
            print("  server has exited")
        worst = max((t for _, t in pages), default=float("nan"))
        print(f"  page on a new connection: {len(ok)}/{len(pages)} answered 200, "
              f"p50 {percentile([t for _, t in pages], .5) * 1000:.1f} ms, max {worst * 1000:.1f} ms")
        for s in held:
            s.close()
        time.sleep(0.5)
        after = page_once(host, port)
        print(f"  after closing them: {after[0]} in {after[1] * 1000:.1f} ms")
        passed = alive and len(ok) == len(pages) and worst < 0.1 and after[0] == 200
    finally:
        stop(server)
    print("PASS" if passed else "FAIL")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
