#!/usr/bin/env python3
"""Loads the article page as N new readers and prints each one's reader id and page token ("id token" a line): the
readers bench/wrk-taps.lua taps as. Usage: readers.py GATEWAY SLUG N"""
import concurrent.futures
import re
import sys
import urllib.request

gateway, slug, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36"


def reader(_):
    with urllib.request.urlopen(urllib.request.Request(f"{gateway}/articles/{slug}", headers={"User-Agent": BROWSER})) as r:
        cookie = re.search(r"mr_reader=([A-Za-z0-9_-]+)", r.headers.get("Set-Cookie")).group(1)
        token = re.search(r'data-page-token="([^"]+)"', r.read().decode()).group(1)
        return f"{cookie} {token}"


with concurrent.futures.ThreadPoolExecutor(16) as pool:
    for line in pool.map(reader, range(n)):
        print(line)
