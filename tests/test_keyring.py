# SPDX-License-Identifier: GPL-3.0-or-later
"""A real login keyring for the tests that add accounts: gnome-keyring-daemon
on the test's private session bus, unlocked with a password on its standard
input. The daemon takes a moment to claim org.freedesktop.secrets; start()
returns only once it has, so the first token stored never finds the bus
without a keyring."""

import shutil
import subprocess

SECRETS = "org.freedesktop.secrets"


def available():
    return shutil.which("gnome-keyring-daemon") is not None


def start(timeout=60):
    """Starts the daemon and waits until it owns the Secret Service's name.
    Raises RuntimeError, naming what went wrong, when it never does."""
    daemon = subprocess.Popen(["gnome-keyring-daemon", "--foreground", "--components=secrets",
                               "--unlock"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    daemon.stdin.write(b"test")
    daemon.stdin.close()
    waited = subprocess.run(["gdbus", "wait", "--session", "--timeout", str(timeout), SECRETS],
                            capture_output=True, text=True)
    if waited.returncode != 0:
        stop(daemon)
        raise RuntimeError(f"gnome-keyring-daemon did not take {SECRETS} within {timeout} s "
                           f"(exit {daemon.poll()}): {waited.stderr.strip()}")
    return daemon


def stop(daemon):
    daemon.terminate()
    try:
        daemon.wait(timeout=10)
    except subprocess.TimeoutExpired:
        daemon.kill()
        daemon.wait()
