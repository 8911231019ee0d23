"""A small real IMAP4rev1 server for tests, served over TCP (optionally TLS) on loopback.

Implements what a mailbox poller needs, following RFC 3501: CAPABILITY, LOGIN, SELECT,
SEARCH/UID SEARCH (ALL, UNSEEN, SEEN, KEYWORD, UNKEYWORD), FETCH/UID FETCH (RFC822, BODY[],
BODY.PEEK[], FLAGS; RFC822 and BODY[] set \\Seen implicitly, BODY.PEEK[] does not),
STORE/UID STORE (+FLAGS, -FLAGS, FLAGS), NOOP, LOGOUT. Faults can be injected: dropped
connections and NO answers to STORE.
"""

from __future__ import annotations

import re
import socket
import socketserver
import ssl
import threading
from dataclasses import dataclass, field

_TOKEN = re.compile(r'"((?:[^"\\]|\\.)*)"|(\((?:[^()]|\([^()]*\))*\))|(\S+)')


@dataclass
class StoredMessage:
    uid: int
    raw: bytes
    flags: set[str] = field(default_factory=set)


@dataclass
class Mailbox:
    messages: list[StoredMessage] = field(default_factory=list)
    next_uid: int = 1

    def add(self, raw: bytes, flags: set[str] | None = None) -> int:
        message = StoredMessage(self.next_uid, raw, set(flags or ()))
        self.messages.append(message)
        self.next_uid += 1
        return message.uid


def _tokens(text: str) -> list[str]:
    out = []
    for quoted, group, atom in _TOKEN.findall(text):
        out.append(group or atom or re.sub(r"\\(.)", r"\1", quoted))
    return out


class ImapTestServer:
    """Start with `start()`, stop with `stop()`; `port` is the bound loopback port."""

    def __init__(
        self, username: str, password: str, ssl_context: ssl.SSLContext | None = None
    ) -> None:
        self.username = username
        self.password = password
        self.ssl_context = ssl_context
        self.mailbox = Mailbox()
        self.lock = threading.Lock()
        self.commands: list[str] = []
        self.drop_next_connections = 0
        self.refuse_store = False
        self._server = _Server(("127.0.0.1", 0), _Session)
        self._server.owner = self
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def flags_of(self, uid: int) -> set[str]:
        with self.lock:
            return next(set(m.flags) for m in self.mailbox.messages if m.uid == uid)


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    block_on_close = False
    owner: ImapTestServer


class _Session(socketserver.StreamRequestHandler):
    server: _Server

    def setup(self) -> None:
        owner = self.server.owner
        self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if owner.ssl_context is not None:
            self.request = owner.ssl_context.wrap_socket(self.request, server_side=True)
        super().setup()

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            if isinstance(self.request, ssl.SSLSocket):
                self.request.close()

    def handle(self) -> None:
        owner = self.server.owner
        with owner.lock:
            if owner.drop_next_connections > 0:
                owner.drop_next_connections -= 1
                return
        self._send("* OK IMAP4rev1 test server ready")
        authenticated = selected = False
        while line := self.rfile.readline():
            parts = line.decode("utf-8", "replace").rstrip("\r\n").split(" ", 2)
            if len(parts) < 2:
                self._send("* BAD missing command")
                continue
            tag, command = parts[0], parts[1].upper()
            args = _tokens(parts[2]) if len(parts) > 2 else []
            with owner.lock:
                owner.commands.append(f"{command} {' '.join(args)}".strip())
            if command == "CAPABILITY":
                self._send("* CAPABILITY IMAP4rev1")
                self._ok(tag, command)
            elif command == "NOOP":
                self._ok(tag, command)
            elif command == "LOGOUT":
                self._send("* BYE logging out")
                self._ok(tag, command)
                return
            elif command == "LOGIN":
                if args[:2] == [owner.username, owner.password]:
                    authenticated = True
                    self._ok(tag, command)
                else:
                    self._send(f"{tag} NO [AUTHENTICATIONFAILED] invalid credentials")
            elif not authenticated:
                self._send(f"{tag} BAD log in first")
            elif command == "SELECT":
                selected = self._select(tag, args)
            elif not selected:
                self._send(f"{tag} BAD select a mailbox first")
            elif command == "UID" and args:
                self._dispatch(tag, args[0].upper(), args[1:], by_uid=True)
            else:
                self._dispatch(tag, command, args, by_uid=False)

    def _select(self, tag: str, args: list[str]) -> bool:
        if not args or args[0].upper() != "INBOX":
            self._send(f"{tag} NO no such mailbox")
            return False
        with self.server.owner.lock:
            box = self.server.owner.mailbox
            self._send(f"* {len(box.messages)} EXISTS")
            self._send("* 0 RECENT")
            self._send("* FLAGS (\\Seen \\Answered \\Flagged \\Deleted \\Draft)")
            self._send(f"* OK [UIDVALIDITY 1] [UIDNEXT {box.next_uid}]")
        self._send(f"{tag} OK [READ-WRITE] SELECT completed")
        return True

    def _dispatch(self, tag: str, command: str, args: list[str], by_uid: bool) -> None:
        handlers = {"SEARCH": self._search, "FETCH": self._fetch, "STORE": self._store}
        handler = handlers.get(command)
        if handler is None:
            self._send(f"{tag} BAD unsupported command {command}")
            return
        with self.server.owner.lock:
            ok = handler(args, by_uid)
        self._ok(tag, command) if ok else self._send(f"{tag} NO {command} failed")

    def _targets(self, spec: str, by_uid: bool) -> list[tuple[int, StoredMessage]]:
        wanted = {int(x) for x in spec.split(",") if x.isdigit()}
        return [
            (seq, m)
            for seq, m in enumerate(self.server.owner.mailbox.messages, start=1)
            if (m.uid if by_uid else seq) in wanted
        ]

    def _search(self, args: list[str], by_uid: bool) -> bool:
        hits = []
        for seq, message in enumerate(self.server.owner.mailbox.messages, start=1):
            keep, i = True, 0
            while i < len(args):
                key = args[i].upper()
                if key == "UNSEEN":
                    keep &= "\\Seen" not in message.flags
                elif key == "SEEN":
                    keep &= "\\Seen" in message.flags
                elif key in ("KEYWORD", "UNKEYWORD"):
                    i += 1
                    keep &= (args[i] in message.flags) == (key == "KEYWORD")
                elif key != "ALL":
                    return False
                i += 1
            if keep:
                hits.append(str(message.uid if by_uid else seq))
        self._send(" ".join(["* SEARCH", *hits]))
        return True

    def _fetch(self, args: list[str], by_uid: bool) -> bool:
        items = args[1].strip("()").upper() if len(args) > 1 else ""
        for seq, message in self._targets(args[0], by_uid):
            if items in ("RFC822", "BODY[]"):
                message.flags.add("\\Seen")
            if items in ("RFC822", "BODY[]", "BODY.PEEK[]"):
                name = "RFC822" if items == "RFC822" else "BODY[]"
                head = f"* {seq} FETCH (UID {message.uid} {name} {{{len(message.raw)}}}\r\n"
                self.wfile.write(head.encode() + message.raw + b")\r\n")
            elif items == "FLAGS":
                self._send(f"* {seq} FETCH (UID {message.uid} FLAGS ({' '.join(message.flags)}))")
            else:
                return False
        return True

    def _store(self, args: list[str], by_uid: bool) -> bool:
        if self.server.owner.refuse_store or len(args) < 3:
            return False
        mode, flags = args[1].upper(), set(args[2].strip("()").split())
        for seq, message in self._targets(args[0], by_uid):
            if mode == "+FLAGS":
                message.flags |= flags
            elif mode == "-FLAGS":
                message.flags -= flags
            elif mode == "FLAGS":
                message.flags = flags
            else:
                return False
            self._send(f"* {seq} FETCH (UID {message.uid} FLAGS ({' '.join(message.flags)}))")
        return True

    def _ok(self, tag: str, command: str) -> None:
        self._send(f"{tag} OK {command} completed")

    def _send(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")
