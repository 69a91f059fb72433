"""The baseline for start-up: a bare typer app with one command, in the same venv."""

import typer

app = typer.Typer()


def _version(value: bool) -> None:
    if value:
        typer.echo("bare 0")
        raise typer.Exit()


@app.callback()
def main(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True)) -> None:
    """Bare app."""


@app.command()
def hello() -> None:
    """Say hello."""
    typer.echo("hello")


if __name__ == "__main__":
    app()
