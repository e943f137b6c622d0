from pathlib import Path

import pytest

from erbm.ingest.lock import IngestBusy, ingest_lock


def test_a_second_ingest_is_refused_while_one_runs(tmp_path: Path) -> None:
    with ingest_lock(tmp_path):
        with pytest.raises(IngestBusy) as info:
            with ingest_lock(tmp_path):
                pass
        assert "en cours" in str(info.value)
    with ingest_lock(tmp_path):  # released afterwards
        pass
