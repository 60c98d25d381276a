# SPDX-License-Identifier: GPL-3.0-or-later
"""What the end-to-end tests share: TAP results, xdotool, waiting on
conditions, the store read-only, and the demo marketplace with a real
keyring. The tests run under tests/harness, which gives the display, the
D-Bus session and a throwaway XDG tree."""

import json
import os
import sqlite3
import struct
import subprocess
import sys
import time
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import test_keyring  # noqa: E402

results = []


def check(ok, name, detail=""):
    results.append((bool(ok), name, detail))
    print(f"# {'ok' if ok else 'FAILED'}: {name} {detail if not ok else ''}", flush=True)
    return bool(ok)


def finish(skip=None):
    if skip is not None:
        print(f"1..0 # SKIP {skip}")
        sys.exit(0)
    print(f"1..{len(results)}")
    for i, (ok, name, detail) in enumerate(results, 1):
        print(f"{'ok' if ok else 'not ok'} {i} - {name}")
        if not ok:
            for line in str(detail).splitlines():
                print(f"# {line}")
    sys.exit(0 if results and all(ok for ok, _, _ in results) else 1)


def xdotool(*args, check_exit=True):
    r = subprocess.run(["xdotool", *map(str, args)], capture_output=True, text=True, timeout=30)
    if check_exit and r.returncode != 0:
        raise RuntimeError(f"xdotool {' '.join(map(str, args))}: {r.stderr.strip()}")
    return r.stdout


def find_window(title_part):
    out = xdotool("search", "--onlyvisible", "--name", title_part, check_exit=False).split()
    return out[0] if out else None


def window_name(wid):
    return xdotool("getwindowname", wid, check_exit=False).strip()


def screen_pixels(x, y, w, h):
    """The screen's rectangle as [(row, "RRGGBB")] for each pixel, read with
    xwd (x11-apps): the dump is a big-endian header of 25 numbers, the
    window's name, the colour map, then rows of pixels in the dump's byte
    order, which for a 24-bit TrueColor screen are 32-bit words masked into
    red, green and blue. Where the root shows beside a window of another
    depth (GTK's windows have 32 bits, Xvfb's root 24), as around a window
    that does not fill the screen, xwd writes the screen as it composed it,
    in 24-bit pixels of three bytes."""
    dump = subprocess.run(["xwd", "-root", "-silent"], capture_output=True, timeout=60, check=True).stdout
    header = struct.unpack(">25I", dump[:100])
    (header_size, _version, pixmap_format, _depth, width, height, _xoffset, byte_order, _unit, _bit_order,
     _pad, bits_per_pixel, bytes_per_line, _visual, red_mask, green_mask, blue_mask, _bits, _entries,
     ncolors) = header[:20]
    if pixmap_format != 2 or bits_per_pixel not in (24, 32):
        raise RuntimeError(f"xwd: a dump of format {pixmap_format} at {bits_per_pixel} bits is not read here")
    data = dump[header_size + 12 * ncolors:]
    pixel_size = bits_per_pixel // 8
    order = "little" if byte_order == 0 else "big"

    def channel(value, mask):
        shift = (mask & -mask).bit_length() - 1
        return (value & mask) >> shift

    out = []
    for row in range(max(0, y), min(height, y + h)):
        for col in range(max(0, x), min(width, x + w)):
            start = row * bytes_per_line + col * pixel_size
            value = int.from_bytes(data[start:start + pixel_size], order)
            rgb = (channel(value, red_mask), channel(value, green_mask), channel(value, blue_mask))
            out.append((row, "%02X%02X%02X" % rgb))
    return out


def wait_until(predicate, timeout=30.0, step=0.1):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    return None


def key(*keys, pause=0.2):
    for k in keys:
        xdotool("key", k, "sleep", pause)


def type_text(text):
    xdotool("type", "--delay", "40", text)


def store(query, *args):
    """Rows from the app's store, read-only; none while it cannot be read."""
    path = os.path.join(os.environ["XDG_DATA_HOME"], "piecework", "piecework.db")
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5) as db:
            return db.execute(query, args).fetchall()
    except sqlite3.Error:
        return []


def statement(base):
    request = urllib.request.Request(urllib.parse.urljoin(base, "v1/statement?limit=500"),
                                     headers={"Authorization": "Bearer piecework-demo"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)["entries"]


def task_entries(base, task_id):
    """The task's statement entries, each once: an entry appears again in
    the statement whenever its status changes."""
    entries = {}
    for e in statement(base):
        if e.get("type") == "task" and e.get("task_id") == task_id:
            entries[e["id"]] = e
    return list(entries.values())


def received(log):
    """What the demo marketplace took, from its --submission-log."""
    try:
        with open(log, encoding="utf-8") as f:
            return [json.loads(line) for line in f if line.strip()]
    except FileNotFoundError:
        return []


def start_keyring():
    return test_keyring.start()


def stop_keyring(keyring):
    test_keyring.stop(keyring)


def start_market(market, data_dir, *extra):
    process = subprocess.Popen([market, "--port", "0", "--data-dir", data_dir,
                                "--review-delay", "300", "--media-scale", "0.4", *extra],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    return process, process.stdout.readline().strip()


def run(exe, *args, token=None):
    return subprocess.run([exe, *args], capture_output=True, text=True, timeout=120,
                          input=token if token is not None else "")


def claim(exe, account, project, count):
    """Claims from the command line, waiting while the marketplace makes
    its media (it answers 503 meanwhile)."""
    for _ in range(120):
        r = run(exe, f"--claim={account}:{project}:{count}", "--json")
        if r.returncode == 0 or "503" not in r.stderr:
            break
        time.sleep(0.5)
    try:
        return json.loads(r.stdout)["tasks"], r
    except (ValueError, KeyError):
        return [], r
