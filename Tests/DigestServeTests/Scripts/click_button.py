#!/usr/bin/env python3
"""Opens a page in headless Chromium, clicks its first <button> as a mouse would (DevTools
Input events at the button's centre, over --remote-debugging-pipe), waits for the page the
form leads to, and prints {"before": text, "after": text, "url": final URL} as JSON.

Usage: click_button.py CHROMIUM URL"""
import json, os, subprocess, sys, tempfile, time

chromium, url = sys.argv[1], sys.argv[2]
profile = tempfile.mkdtemp(prefix="digest-chromium-")
to_browser_r, to_browser_w = os.pipe()
from_browser_r, from_browser_w = os.pipe()


def child_fds():
    os.dup2(to_browser_r, 3)
    os.dup2(from_browser_w, 4)


browser = subprocess.Popen(
    [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
     "--remote-debugging-pipe", f"--user-data-dir={profile}", "about:blank"],
    preexec_fn=child_fds, pass_fds=(3, 4),
    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
os.close(to_browser_r)
os.close(from_browser_w)
writer = os.fdopen(to_browser_w, "wb", buffering=0)
reader = os.fdopen(from_browser_r, "rb", buffering=0)
pending = b""
next_id = 0
events = []


def receive():
    global pending
    while b"\0" not in pending:
        chunk = reader.read(65536)
        if not chunk:
            raise SystemExit("chromium closed its pipe")
        pending += chunk
    message, pending = pending.split(b"\0", 1)
    return json.loads(message)


def call(method, params=None, session=None):
    global next_id
    next_id += 1
    message = {"id": next_id, "method": method, "params": params or {}}
    if session:
        message["sessionId"] = session
    writer.write(json.dumps(message).encode() + b"\0")
    while True:
        answer = receive()
        if answer.get("id") == next_id:
            if "error" in answer:
                raise SystemExit(f"{method}: {answer['error']}")
            return answer.get("result", {})
        events.append(answer)


def wait_for(method, deadline):
    while time.time() < deadline:
        for index, event in enumerate(events):
            if event.get("method") == method:
                del events[: index + 1]
                return event
        events.append(receive())
    raise SystemExit(f"timed out waiting for {method}")


def text(session):
    result = call("Runtime.evaluate", {"expression": "document.body.innerText", "returnByValue": True}, session)
    return result["result"].get("value", "")


try:
    target = call("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    call("Page.enable", session=session)
    call("Page.navigate", {"url": url}, session)
    wait_for("Page.loadEventFired", time.time() + 30)
    before = text(session)
    box = call("Runtime.evaluate", {
        "expression": "JSON.stringify(document.querySelector('button').getBoundingClientRect())",
        "returnByValue": True}, session)["result"]["value"]
    rect = json.loads(box)
    x, y = rect["x"] + rect["width"] / 2, rect["y"] + rect["height"] / 2
    call("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": x, "y": y}, session)
    for kind in ("mousePressed", "mouseReleased"):
        call("Input.dispatchMouseEvent", {"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1}, session)
    wait_for("Page.loadEventFired", time.time() + 30)
    after = text(session)
    location = call("Runtime.evaluate", {"expression": "location.href", "returnByValue": True}, session)
    print(json.dumps({"before": before, "after": after, "url": location["result"]["value"]}))
finally:
    try:
        call("Browser.close")
    except BaseException:
        pass
    try:
        browser.wait(timeout=10)
    except subprocess.TimeoutExpired:
        browser.kill()
    subprocess.run(["rm", "-rf", profile])
