from pathlib import Path
from typing import Annotated, Literal

from pydantic import field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

PROJECT_DIR = Path(__file__).resolve().parent.parent

LANGUAGES = ("nl", "en", "ar", "tr", "pl", "uk")
DEFAULT_LANGUAGE = "nl"
# How far "near you" reaches, unless DEFAULT_RADIUS_KM says otherwise.
DEFAULT_RADIUS_KM = 25.0


class Settings(BaseSettings):
    """Every setting comes from the environment; the defaults serve one machine."""

    model_config = SettingsConfigDict(env_file=None, extra="ignore")

    database_url: str = f"sqlite:///{PROJECT_DIR / 'wegwijzer.db'}"
    data_dir: Path = PROJECT_DIR / "data"
    # How often a process asks the database whether another process loaded new data.
    data_check_seconds: float = 5.0
    # Load data/*.yaml into the database when the app starts.
    load_data_on_start: bool = True
    default_radius_km: float = DEFAULT_RADIUS_KM
    # The address people reach the site at, e.g. https://wegwijzer.example.nl, for the QR
    # code on printed handouts. Without it, the address of the request is used.
    public_url: str | None = None
    # Match questions on meaning too, with the sentence model (docs/decisions/0001).
    # Off: keywords only, as when the model cannot load.
    semantic_matching: bool = True
    # Host names the site answers to (comma-separated); other Host headers get 400.
    allowed_hosts: Annotated[list[str], NoDecode] = ["*"]
    # production: PUBLIC_URL and ALLOWED_HOSTS must be set, or the service does not start.
    environment: Literal["development", "production"] = "development"

    @field_validator("allowed_hosts", mode="before")
    @classmethod
    def comma_separated(cls, value):
        return [host.strip() for host in value.split(",") if host.strip()] \
            if isinstance(value, str) else value

    @model_validator(mode="after")
    def production_names_its_address(self):
        if self.environment == "production" and (
                not self.public_url or self.allowed_hosts == ["*"]):
            raise ValueError("ENVIRONMENT=production needs PUBLIC_URL and ALLOWED_HOSTS")
        return self

    @property
    def https(self) -> bool:
        return bool(self.public_url and self.public_url.startswith("https://"))

    @field_validator("database_url")
    @classmethod
    def use_psycopg3(cls, url: str) -> str:
        # A plain postgresql:// address would make SQLAlchemy look for psycopg2.
        for prefix in ("postgresql://", "postgres://"):
            if url.startswith(prefix):
                return "postgresql+psycopg://" + url[len(prefix):]
        return url

    @field_validator("data_dir")
    @classmethod
    def data_dir_exists(cls, path: Path) -> Path:
        if not path.is_dir():
            raise ValueError(f"DATA_DIR {path} is not a folder")
        return path
