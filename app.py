"""Gradio chat: `python app.py` (or `erbm serve`). Host, port and index come from settings (ERBM_*)."""

from erbm.assistant.facade import Assistant
from erbm.settings import Settings
from erbm.web import launch

if __name__ == "__main__":
    settings = Settings()
    print(f"Chat ERBM : http://{settings.host}:{settings.port}/", flush=True)
    launch(Assistant(settings), settings.host, settings.port)
