#!/usr/bin/env python3
"""Signs a demo account in to a running Tiaki (password, then the authenticator code from
the demo key) and prints the session cookie, for tools that probe the signed-in pages.
Usage: demo-session.py BASE_URL DEMO_LOGINS_FILE [ROLE]   (ROLE: Patient, Doctor, ...)"""
import base64, hashlib, hmac, http.cookiejar, re, struct, sys, time, urllib.parse, urllib.request

base, logins = sys.argv[1].rstrip('/'), sys.argv[2]
role = sys.argv[3] if len(sys.argv) > 3 else 'Patient'
line = next(l for l in open(logins) if l.strip().startswith(role))
email, key = re.search(r'(\S+@\S+)\s+key\s+(\S+)', line).groups()

def totp(secret):
    counter = struct.pack('>Q', int(time.time()) // 30)
    digest = hmac.new(base64.b32decode(secret), counter, hashlib.sha1).digest()
    offset = digest[-1] & 0x0f
    return '%06d' % ((struct.unpack('>I', digest[offset:offset + 4])[0] & 0x7fffffff) % 1000000)

jar = http.cookiejar.CookieJar()
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

def csrf(path):
    page = opener.open(base + path).read().decode()
    return re.search(r'name="_csrf" value="([^"]+)"', page).group(1)

def post(path, fields):
    return opener.open(base + path, urllib.parse.urlencode(fields).encode()).geturl()

post('/signin', {'_csrf': csrf('/signin'), 'username': email, 'password': 'kowhai-harbour-demo'})
landed = post('/signin/factor/code', {'_csrf': csrf('/signin/factor'), 'code': totp(key)})
if '/signin' in urllib.parse.urlparse(landed).path:
    sys.exit('sign-in did not complete: ' + landed)
print('; '.join(f'{c.name}={c.value}' for c in jar))
