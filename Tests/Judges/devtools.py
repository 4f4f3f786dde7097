"""Headless Chromium driven through the DevTools protocol (python websockets), for the judges."""
import asyncio
import contextlib
import json
import pathlib
import re
import shutil
import subprocess
import tempfile

import websockets


class ChromiumError(Exception):
    pass


class Browser:
    def __init__(self, ws):
        self.ws, self.next_id, self.pending, self.events = ws, 0, {}, []

    async def pump(self):
        async for message in self.ws:
            data = json.loads(message)
            if "id" in data and data["id"] in self.pending:
                self.pending.pop(data["id"]).set_result(data)
            else:
                self.events.append(data)

    async def call(self, method, params=None, session=None):
        self.next_id += 1
        future = asyncio.get_running_loop().create_future()
        self.pending[self.next_id] = future
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        await self.ws.send(json.dumps(message))
        result = await asyncio.wait_for(future, 30)
        if "error" in result:
            raise RuntimeError(f"{method}: {result['error']}")
        return result["result"]

    async def evaluate(self, session, expression):
        result = await self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True}, session)
        if "exceptionDetails" in result:
            raise RuntimeError(result["exceptionDetails"].get("exception", {}).get("description", str(result["exceptionDetails"])))
        return result["result"].get("value")


def find_chromium():
    return next((c for c in ("chromium", "chromium-browser", "google-chrome") if shutil.which(c)), None)


@contextlib.asynccontextmanager
async def chromium_page(chromium):
    """A headless Chromium with one page attached: yields (browser, session); stops it after."""
    profile = tempfile.mkdtemp()
    process = subprocess.Popen(
        [chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--remote-debugging-port=0", f"--user-data-dir={profile}", "about:blank"],
        stderr=subprocess.PIPE, text=True)
    try:
        url = None
        for line in process.stderr:
            match = re.search(r"DevTools listening on (ws://\S+)", line)
            if match:
                url = match.group(1)
                break
        if url is None:
            raise ChromiumError("Chromium did not start its DevTools endpoint")
        async with websockets.connect(url, max_size=2**28) as ws:
            browser = Browser(ws)
            pump = asyncio.create_task(browser.pump())
            try:
                target = await browser.call("Target.createTarget", {"url": "about:blank"})
                session = (await browser.call("Target.attachToTarget", {"targetId": target["targetId"], "flatten": True}))["sessionId"]
                await browser.call("Runtime.enable", {}, session)
                await browser.call("Page.enable", {}, session)
                yield browser, session
            finally:
                pump.cancel()
    finally:
        process.kill()
        process.wait()
        shutil.rmtree(profile, ignore_errors=True)


async def open_page(browser, session, path):
    await browser.call("Page.navigate", {"url": pathlib.Path(path).resolve().as_uri()}, session)
    for _ in range(200):
        if await browser.evaluate(session, "document.readyState === 'complete' && !!window.formcPage"):
            return True
        await asyncio.sleep(0.05)
    return False
