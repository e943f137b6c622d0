import subprocess
import sys
import threading
import time
from pathlib import Path

from erbm.index.access import StoreAccess
from erbm.settings import Settings

_HOLD = """
import sys, time
from pathlib import Path
from erbm.index.access import StoreAccess
with StoreAccess(Path(sys.argv[1])).writing():
    print("held", flush=True)
    time.sleep(60)
"""


def test_a_reader_is_kept_out_while_another_process_writes(tmp_path: Path) -> None:
    lock = tmp_path / "chroma.lock"
    writer = subprocess.Popen([sys.executable, "-c", _HOLD, str(lock)], stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "held"
        with StoreAccess(lock).reading(wait=False) as free:
            assert free is False
    finally:
        writer.kill()
        writer.wait(timeout=30)
    # The OS releases a killed writer's lock.
    with StoreAccess(lock).reading(wait=False) as free:
        assert free is True


def test_readers_share_and_a_writer_waits_for_them(tmp_path: Path) -> None:
    access = StoreAccess(tmp_path / "chroma.lock")
    order: list[str] = []

    def write() -> None:
        with access.writing():
            order.append("wrote")

    with access.reading(wait=False) as first, access.reading(wait=False) as second:
        assert first and second
        writer = threading.Thread(target=write)
        writer.start()
        time.sleep(0.3)
        order.append("read")
    writer.join(timeout=10)
    assert order == ["read", "wrote"]


def test_a_chroma_server_needs_no_lock(tmp_path: Path) -> None:
    access = StoreAccess.for_settings(Settings(data_dir=tmp_path, chroma_host="localhost"))
    assert access.lock_path is None
    with access.writing(), access.reading(wait=False) as free:
        assert free is True
    assert not list(tmp_path.iterdir())
