#!/usr/bin/env python3
"""How long `formc lsp` takes from a keystroke to the published diagnostics, on a project on disk.

Usage: scripts/bench-lsp.py FORMC PROJECT_FOLDER
  e.g. .build/release/formc bench forms --copies 10 --write-catalogue /tmp/cat && scripts/bench-lsp.py .build/release/formc /tmp/cat
Opens one form, then sends ten full-text changes and times each until its publishDiagnostics.
Prints the figures; asserts nothing (docs/performance.md)."""
import json, subprocess, sys, time, glob
binary, root = sys.argv[1], sys.argv[2]
p = subprocess.Popen([binary, 'lsp'], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
def send(m):
    b = json.dumps(m).encode()
    p.stdin.write(b'Content-Length: %d\r\n\r\n' % len(b) + b); p.stdin.flush()
def recv():
    length = 0
    while True:
        line = p.stdout.readline().decode().strip()
        if not line: break
        if line.lower().startswith('content-length:'): length = int(line.split(':')[1])
    return json.loads(p.stdout.read(length))
send({'jsonrpc':'2.0','id':1,'method':'initialize','params':{}}); recv()
files = sorted(glob.glob(root + '/**/*.yaml', recursive=True))
path = [f for f in files if '/forms/' in f][0]
uri = 'file://' + path
text = open(path).read()
send({'jsonrpc':'2.0','method':'textDocument/didOpen','params':{'textDocument':{'uri':uri,'languageId':'yaml','version':1,'text':text}}})
while True:
    m = recv()
    if m.get('method') == 'textDocument/publishDiagnostics': break
times = []
for i in range(10):
    t = time.perf_counter()
    send({'jsonrpc':'2.0','method':'textDocument/didChange','params':{'textDocument':{'uri':uri,'version':i+2},'contentChanges':[{'text': text + '\n# edit %d\n' % i}]}})
    m = recv()
    times.append((time.perf_counter() - t) * 1000)
print(f"{len(files)} specs: a keystroke's diagnostics published in {min(times):.0f} ms (fastest of 10), median {sorted(times)[5]:.0f} ms")
send({'jsonrpc':'2.0','id':9,'method':'shutdown'}); recv(); send({'jsonrpc':'2.0','method':'exit'}); p.wait(timeout=5)
