#!/usr/bin/env python3
"""A bounded one-click load: REQUESTS POSTs of List-Unsubscribe=One-Click over CONNECTIONS
keep-alive connections to 127.0.0.1:PORT, cycling through the readers of READERS (lines
"address<TAB>token"). Prints JSON: answers by status, errors, and for each reader the wall-clock
time (time.time()) of their first 200.

Usage: one_click_load.py PORT READERS REQUESTS CONNECTIONS"""
import http.client, json, sys, threading, time, urllib.parse

port, readers_file, total, connections = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
readers = [line.rstrip("\n").split("\t") for line in open(readers_file) if line.strip()]
lock = threading.Lock()
statuses, errors, first_ok = {}, [], {}
next_index = [0]
body = b"List-Unsubscribe=One-Click"


def take():
    with lock:
        if next_index[0] >= total:
            return None
        next_index[0] += 1
        return next_index[0] - 1


def worker():
    connection = None
    while (index := take()) is not None:
        address, token = readers[index % len(readers)]
        path = "/unsubscribe?" + urllib.parse.urlencode({"email": address, "token": token})
        try:
            if connection is None:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            connection.request("POST", path, body=body,
                               headers={"Content-Type": "application/x-www-form-urlencoded"})
            answer = connection.getresponse()
            answer.read()
            now = time.time()
            with lock:
                statuses[answer.status] = statuses.get(answer.status, 0) + 1
                if answer.status == 200 and address not in first_ok:
                    first_ok[address] = now
            if answer.getheader("Connection", "").lower() == "close":
                connection.close()
                connection = None
        except (OSError, http.client.HTTPException) as error:
            with lock:
                errors.append(type(error).__name__)
            if connection is not None:
                connection.close()
            connection = None
            time.sleep(0.01)


started = time.time()
threads = [threading.Thread(target=worker) for _ in range(connections)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print(json.dumps({"statuses": {str(k): v for k, v in statuses.items()}, "errors": len(errors),
                  "error_kinds": sorted(set(errors)), "seconds": time.time() - started, "first_ok": first_ok}))
