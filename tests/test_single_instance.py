"""SingleInstance: a later start that finds the lock held by a silent instance gets a clear error."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QLockFile

from desktop_app.single_instance import LOCK_FILE, InstanceNotAnswering, SingleInstance


def test_lock_held_by_a_silent_instance_raises_instance_not_answering_naming_its_process(
    qapp: object, tmp_path: Path
) -> None:
    holder = QLockFile(str(tmp_path / LOCK_FILE))
    holder.setStaleLockTime(0)
    assert holder.tryLock(0)
    try:
        later = SingleInstance(tmp_path)
        with pytest.raises(InstanceNotAnswering) as caught:
            later.claim_or_hand_over(["token-desk"], timeout=0.3)
        assert f"process {os.getpid()}" in str(caught.value)
        assert not later.is_primary
    finally:
        holder.unlock()
