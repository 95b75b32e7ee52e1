"""A headless Chromium driven over the DevTools protocol, through a pipe: the browser tests of the HTML report.

Debian's `chromium` package is the browser (`.ci/run` installs it when missing); nothing is downloaded. The
protocol runs over `--remote-debugging-pipe` (the browser reads commands from its file descriptor 3 and writes
answers and events to 4, each message JSON ended by a NUL byte), so no port is opened and no library is needed.

    with Browser.launch() as browser:
        page = browser.new_page()
        page.navigate("file:///tmp/report.html")
        page.evaluate("document.title")
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


def chromium_path() -> str | None:
    """The system's Chromium (Debian's `chromium`, or another name it goes by), or None."""
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


class ProtocolError(RuntimeError):
    pass


@dataclass
class Browser:
    process: subprocess.Popen
    to_browser: int  # our end of the browser's fd 3
    from_browser: int  # our end of the browser's fd 4
    profile: str
    events: list[dict[str, Any]] = field(default_factory=list)
    _buffer: bytes = b""
    _next_id: int = 0

    @classmethod
    @contextlib.contextmanager
    def launch(cls, executable: str | None = None, timeout: float = 60) -> Iterator[Browser]:
        executable = executable or chromium_path()
        if executable is None:
            raise FileNotFoundError("chromium")
        commands_r, commands_w = os.pipe()  # we write, the browser reads on its fd 3
        answers_r, answers_w = os.pipe()  # the browser writes on its fd 4, we read
        profile = tempfile.mkdtemp(prefix="lkip-chromium-")
        arguments = [
            executable,
            "--headless=new",
            "--remote-debugging-pipe",
            f"--user-data-dir={profile}",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-gpu",
            "--disable-extensions",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-default-apps",
            "--mute-audio",
            "--hide-scrollbars",
            "--font-render-hinting=none",
            "about:blank",
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            arguments.insert(1, "--no-sandbox")  # Chromium's sandbox refuses to run as root

        def child_fds() -> None:  # in the child, before exec: the pipes become its fds 3 and 4
            high = [fcntl.fcntl(fd, fcntl.F_DUPFD, 10) for fd in (commands_r, answers_w)]  # out of the way first
            os.dup2(high[0], 3)
            os.dup2(high[1], 4)

        process = subprocess.Popen(
            arguments,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=child_fds,  # noqa: PLW1509 - no threads are started before this
            pass_fds=(3, 4),  # kept open when the others are closed (after child_fds)
        )
        os.close(commands_r)
        os.close(answers_w)
        browser = cls(process, commands_w, answers_r, profile)
        try:
            browser.call("Browser.getVersion", timeout=timeout)
            yield browser
        finally:
            with contextlib.suppress(Exception):
                browser.call("Browser.close", timeout=5)
            with contextlib.suppress(OSError):
                os.close(commands_w)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()  # only the process this test started, by its handle
                process.wait(timeout=10)
            with contextlib.suppress(OSError):
                os.close(answers_r)
            shutil.rmtree(profile, ignore_errors=True)

    # --- the wire ------------------------------------------------------------------------------------------

    def _send(self, message: dict[str, Any]) -> None:
        data = json.dumps(message).encode("utf-8") + b"\0"
        while data:
            written = os.write(self.to_browser, data)
            data = data[written:]

    def _receive(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("no answer from chromium")
            ready, _, _ = select.select([self.from_browser], [], [], left)
            if not ready:
                continue
            chunk = os.read(self.from_browser, 1 << 20)
            if not chunk:
                raise ProtocolError(f"chromium closed the pipe (exit {self.process.poll()})")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def call(self, method: str, params: dict | None = None, session: str | None = None, timeout: float = 30) -> Any:
        """Send one command and wait for its answer; events that come meanwhile are kept in `events`."""
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session is not None:
            message["sessionId"] = session
        self._send(message)
        deadline = time.monotonic() + timeout
        while True:
            answer = self._receive(deadline)
            if answer.get("id") == self._next_id:
                if "error" in answer:
                    raise ProtocolError(f"{method}: {answer['error']}")
                return answer.get("result", {})
            self.events.append(answer)

    def wait_for(self, method: str, session: str | None = None, timeout: float = 30) -> dict[str, Any]:
        """The first event `method` (of the session) not yet waited for."""
        deadline = time.monotonic() + timeout
        seen = 0
        while True:
            for event in self.events[seen:]:
                ours = event.get("method") == method and (session is None or event.get("sessionId") == session)
                if ours and not event.get("_consumed"):
                    event["_consumed"] = True
                    return event
            seen = len(self.events)
            self.events.append(self._receive(deadline))

    def new_page(self, width: int = 1366, height: int = 900) -> Page:
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        page = Page(self, session)
        for domain in ("Page", "Runtime", "Network", "Log"):
            page.call(f"{domain}.enable")
        page.call(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
        )
        return page


@dataclass
class Page:
    browser: Browser
    session: str

    def call(self, method: str, params: dict | None = None, timeout: float = 30) -> Any:
        return self.browser.call(method, params, self.session, timeout)

    def events(self, method: str) -> list[dict[str, Any]]:
        return [
            e["params"] for e in self.browser.events if e.get("method") == method and e.get("sessionId") == self.session
        ]

    def navigate(self, url: str, timeout: float = 30) -> None:
        self.call("Page.navigate", {"url": url})
        self.browser.wait_for("Page.loadEventFired", self.session, timeout)

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression (JSON-serialisable), or ProtocolError with the exception."""
        answer = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in answer:
            raise ProtocolError(f"{expression}: {answer['exceptionDetails']}")
        return answer["result"].get("value")

    def click(self, selector: str) -> None:
        """A real mouse click (pressed and released) at the middle of the element `selector` names."""
        box = self.evaluate(
            f"(function () {{ var e = document.querySelector({json.dumps(selector)});"
            ' e.scrollIntoView({block: "center"});'
            " var r = e.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })()"
        )
        x, y = box
        for kind in ("mousePressed", "mouseReleased"):
            self.call("Input.dispatchMouseEvent", {"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1})

    def screenshot(self, path: Path, full_page: bool = True) -> Path:
        params: dict[str, Any] = {"format": "png"}
        if full_page:
            size = self.call("Page.getLayoutMetrics")["cssContentSize"]
            params["clip"] = {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1}
            params["captureBeyondViewport"] = True
        data = self.call("Page.captureScreenshot", params, timeout=60)["data"]
        path.write_bytes(base64.b64decode(data))
        return path

    def pdf(self, path: Path) -> Path:
        """Printed as the page's print stylesheet says (@page size), backgrounds included."""
        data = self.call("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True}, timeout=60)["data"]
        path.write_bytes(base64.b64decode(data))
        return path
