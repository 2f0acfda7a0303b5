"""Real servers for the deploy tests, started by the tests on 127.0.0.1 and stopped after:
OpenSSH's sshd (SFTP and git over SSH), pyftpdlib (FTP, and FTPS with a self-signed
certificate made here), moto's S3 server, and bare git repositories."""
from __future__ import annotations

import datetime
import getpass
import ipaddress
import os
import shutil
import socket
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.conftest import ensure_debian_package

SSHD = Path("/usr/sbin/sshd")
FTP_USER, FTP_PASSWORD = "bientap", "mật-khẩu-thử"


def free_port() -> int:
    """A TCP port on 127.0.0.1 nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, seconds: float = 20) -> None:
    """Until something accepts connections on 127.0.0.1:port."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise AssertionError(f"nothing listens on port {port}")


def make_home(folder: Path, key_name: str = "id_ed25519") -> Path:
    """A home folder with an SSH key pair of its own in .ssh/."""
    ssh = folder / ".ssh"
    ssh.mkdir(parents=True)
    os.chmod(ssh, 0o700)
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "deploy-test",
                    "-f", str(ssh / key_name)], check=True)
    return folder


@dataclass
class Sshd:
    """A running sshd; `home` holds the accepted key and the host in known_hosts."""

    port: int
    home: Path
    stranger: Path  # a home whose key the server does not accept
    user: str
    process: subprocess.Popen = field(repr=False)


def start_sshd(root: Path) -> Sshd:
    """sshd -D on a free port: key login only, for this user, SFTP in-process."""
    ensure_debian_package(SSHD, "openssh-server")
    root.mkdir(parents=True, exist_ok=True)
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(root / "host")],
                   check=True)
    home = make_home(root / "home")
    stranger = make_home(root / "stranger")
    (root / "authorized_keys").write_text((home / ".ssh/id_ed25519.pub").read_text())
    port = free_port()
    user = getpass.getuser()
    config = root / "sshd_config"
    config.write_text(f"""Port {port}
ListenAddress 127.0.0.1
HostKey {root / 'host'}
AuthorizedKeysFile {root / 'authorized_keys'}
PidFile {root / 'sshd.pid'}
StrictModes no
UsePAM no
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
AllowUsers {user}
Subsystem sftp internal-sftp
""")
    if os.geteuid() == 0:
        Path("/run/sshd").mkdir(exist_ok=True)  # sshd's privilege separation folder
    process = subprocess.Popen([str(SSHD), "-D", "-e", "-f", str(config)],
                               stdout=subprocess.DEVNULL, stderr=open(root / "sshd.log", "wb"))
    wait_for_port(port)
    host_key = (root / "host.pub").read_text().split()[:2]
    for who in (home, stranger):
        (who / ".ssh/known_hosts").write_text(f"[127.0.0.1]:{port} {' '.join(host_key)}\n")
    return Sshd(port, home, stranger, user, process)


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """(certificate, key) for 127.0.0.1, made with cryptography."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=2))
            .add_extension(x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_file, key_file


@dataclass
class FtpServer:
    """A pyftpdlib server in a thread; `root` is the user's login folder."""

    port: int
    root: Path
    cert: Path | None
    server: object = field(repr=False)
    thread: threading.Thread = field(repr=False)

    def stop(self) -> None:
        """Close the server and wait for its thread."""
        self.server.close_all()
        self.thread.join(10)


def start_ftp(folder: Path, tls: bool) -> FtpServer:
    """FTP (or FTPS with explicit TLS required) with one user and password."""
    from pyftpdlib.authorizers import DummyAuthorizer
    from pyftpdlib.handlers import FTPHandler, TLS_FTPHandler
    from pyftpdlib.servers import FTPServer

    root = folder / "ftp-root"
    root.mkdir(parents=True)
    authorizer = DummyAuthorizer()
    authorizer.add_user(FTP_USER, FTP_PASSWORD, str(root), perm="elradfmwMT")
    cert = None
    if tls:
        cert, key = self_signed_certificate(folder)
        handler = type("Handler", (TLS_FTPHandler,), {"certfile": str(cert),
                                                      "keyfile": str(key),
                                                      "tls_control_required": True,
                                                      "tls_data_required": True})
    else:
        handler = type("Handler", (FTPHandler,), {})
    handler.authorizer = authorizer
    handler.encoding = "utf-8"
    port = free_port()
    server = FTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"timeout": 0.2},
                              daemon=True)
    thread.start()
    wait_for_port(port)
    return FtpServer(port, root, cert, server, thread)


def start_moto() -> tuple[object, int]:
    """moto's S3 server (threaded, in this process) on a free port."""
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    wait_for_port(port)
    return server, port


def bare_repository(folder: Path) -> Path:
    """A new bare git repository."""
    subprocess.run(["git", "init", "-q", "--bare", str(folder)], check=True)
    return folder


def kill_process(process: subprocess.Popen) -> None:
    """Stop a server process we started."""
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def remove(path: Path) -> None:
    """Delete a folder tree if it is there."""
    shutil.rmtree(path, ignore_errors=True)
