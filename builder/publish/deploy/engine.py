"""Carry a plan out through a transport, keeping the target's manifest true at every step.

Before the first upload the manifest already lists every new file as pending, so a file
put there by an interrupted deploy is still owned (and replaced or deleted) by the next
one. (A changed file needs no such entry: its old digest already makes the next deploy
send it again.) While uploading, the manifest is rewritten every CHECKPOINT files with the digests
of those done, so the next deploy resumes where this one stopped. Deletions come last,
then the final manifest, which is the site's own list.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from .plan import (MANIFEST_NAME, PENDING, Plan, make_plan, manifest_bytes, read_manifest,
                   scan_site)
from .transport import DeployFailure, Transport

# How often the manifest is brought up to date while uploading: a trade between requests
# spent on it and work redone after an interruption (the command lets slow links change it).
CHECKPOINT_FILES = 200
CHECKPOINT_SECONDS = 5.0


@dataclass(frozen=True)
class Report:
    """What a deploy did (or, dry, would do)."""

    plan: Plan
    uploaded: int
    deleted: int
    bytes_sent: int
    requests: int
    seconds: float


def prepare(site: Path, transport: Transport) -> Plan:
    """Compare the built site with the target's manifest (ManifestError if foreign)."""
    previous = read_manifest(transport.read(MANIFEST_NAME))
    return make_plan(scan_site(site), previous)


def carry_out(site: Path, transport: Transport, plan: Plan, progress,
              checkpoint: int = CHECKPOINT_FILES) -> tuple[int, int]:
    """Uploads in order with a checkpoint every `checkpoint` files (or CHECKPOINT_SECONDS),
    deletions, final manifest; (uploaded, deleted)."""
    owned = dict(plan.previous)
    new = [path for path in plan.uploads if path not in owned]
    if new:
        owned.update({path: PENDING for path in new})
        transport.write_atomic(MANIFEST_NAME, manifest_bytes(owned))
    progress.start("deploy", len(plan.uploads) + len(plan.deletions))
    last = time.monotonic()
    for count, path in enumerate(plan.uploads, 1):
        transport.upload(path, site / path)
        owned[path] = plan.local[path]
        progress.advance()
        if count % checkpoint == 0 or time.monotonic() - last > CHECKPOINT_SECONDS:
            transport.write_atomic(MANIFEST_NAME, manifest_bytes(owned))
            last = time.monotonic()
    for path in plan.deletions:
        transport.delete(path)
        progress.advance()
    if not plan.empty:
        transport.write_atomic(MANIFEST_NAME, manifest_bytes(plan.local))
        transport.finish()
    progress.finish()
    return len(plan.uploads), len(plan.deletions)


def deploy(site: Path, transport: Transport, progress, dry_run: bool = False,
           checkpoint: int = CHECKPOINT_FILES) -> Report:
    """Open, plan, and (unless `dry_run`) carry out; the transport is always closed. A
    connection lost or a server failing mid-way is a DeployFailure the next deploy resumes."""
    started = time.monotonic()
    try:
        transport.open()
        plan = prepare(site, transport)
        uploaded = deleted = 0
        if not dry_run:
            uploaded, deleted = carry_out(site, transport, plan, progress, checkpoint)
    except transport.failures as exc:
        raise DeployFailure(str(exc) or type(exc).__name__) from None
    finally:
        progress.finish()
        transport.close()
    counters = transport.counters
    return Report(plan, uploaded, deleted, counters.bytes_sent, counters.requests,
                  time.monotonic() - started)
