"""``tutor plugins enable kemenag && tutor config save`` in a temporary Tutor root (no Docker):
what the plugin renders into the environment an operator builds and runs."""

import filecmp
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from kemenag_theme import BRAND_DIR, THEME_DIR

TUTOR = Path(sys.executable).with_name("tutor")


def tutor(root, *args):
    env = {**os.environ, "TUTOR_ROOT": str(root / "tutor"), "TUTOR_PLUGINS_ROOT": str(root / "plugins")}
    return subprocess.run([str(TUTOR), *args], env=env, capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def tutor_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("tutor")
    tutor(root, "plugins", "enable", "kemenag")
    tutor(root, "config", "save")
    return root


@pytest.fixture(scope="module")
def env(tutor_root):
    return tutor_root / "tutor" / "env"


def test_plugin_is_listed_and_enabled(tutor_root):
    listing = tutor(tutor_root, "plugins", "list")
    assert any(line.split()[:1] == ["kemenag"] and "enabled" in line for line in listing.splitlines())


def test_openedx_image_pip_installs_the_package(env):
    dockerfile = (env / "build/openedx/Dockerfile").read_text()
    assert "pip install 'kemenag-dlc-openedx==" in dockerfile
    # After edx-platform's requirements, before the assets (and so the theme) are compiled.
    assert dockerfile.index("kemenag-dlc-openedx") < dockerfile.index("compile-sass")


@pytest.fixture(scope="module")
def operator_env(tmp_path_factory):
    """An operator who pins the package from git and keeps English."""
    root = tmp_path_factory.mktemp("tutor-operator")
    tutor(root, "plugins", "enable", "kemenag")
    spec = "KEMENAG_PIP_SPEC=git+https://git.example.go.id/dlc.git@v1"
    tutor(root, "config", "save", "--set", spec, "--set", "LANGUAGE_CODE=en")
    return root / "tutor" / "env"


def test_pip_spec_is_a_config_value(operator_env):
    dockerfile = (operator_env / "build/openedx/Dockerfile").read_text()
    assert "pip install 'git+https://git.example.go.id/dlc.git@v1'" in dockerfile


def test_theme_is_copied_verbatim_into_the_image_themes_folder(env):
    themes = env / "build/openedx/themes/kemenag"
    sources = [p for p in THEME_DIR.rglob("*") if p.is_file()]
    assert len(sources) > 20
    for source in sources:
        copy = themes / source.relative_to(THEME_DIR)
        # Byte for byte: Jinja would have eaten Mako's <% and Sass's #{...}.
        assert copy.is_file() and filecmp.cmp(source, copy, shallow=False), copy


def test_theme_translations_are_on_the_platforms_locale_path(env):
    """edx-platform derives LOCALE_PATHS from COMPREHENSIVE_THEME_LOCALE_PATHS while loading the
    YAML config (before Tutor's settings files run), so the key must be in lms/cms.env.yml and
    point to the theme's conf/locale inside the image (build/openedx/themes is COPY'd to /openedx/themes)."""
    dockerfile = (env / "build/openedx/Dockerfile").read_text()
    assert "COPY --chown=app:app ./themes/ /openedx/themes" in dockerfile
    for service in ("lms", "cms"):
        config = yaml.safe_load((env / f"apps/openedx/config/{service}.env.yml").read_text())
        assert config["ENABLE_COMPREHENSIVE_THEMING"] is True
        (locale_path,) = config["COMPREHENSIVE_THEME_LOCALE_PATHS"]
        in_build_context = env / "build/openedx/themes" / Path(locale_path).relative_to("/openedx/themes")
        assert (in_build_context / "id/LC_MESSAGES/django.mo").is_file()
        assert (in_build_context / "id/LC_MESSAGES/django.po").is_file()


def test_platform_language_is_indonesian(env):
    for service in ("lms", "cms"):
        config = yaml.safe_load((env / f"apps/openedx/config/{service}.env.yml").read_text())
        assert config["LANGUAGE_CODE"] == "id"


def test_operator_can_still_choose_another_language(operator_env):
    config = yaml.safe_load((operator_env / "apps/openedx/config/lms.env.yml").read_text())
    assert config["LANGUAGE_CODE"] == "en"


def test_settings_set_the_default_theme_and_keep_our_blocks_in_studio(env):
    for service in ("lms", "cms"):
        settings = (env / f"apps/openedx/settings/{service}/production.py").read_text()
        assert 'DEFAULT_SITE_THEME = "kemenag"' in settings
        compile(settings, f"{service}/production.py", "exec")
    cms = (env / "apps/openedx/settings/cms/production.py").read_text()
    assert (
        "kemenag_xblock_types = ['kemenag_moderation_quiz', 'kemenag_assignment', 'kemenag_competency', "
        "'kemenag_resources']"
    ) in cms


def test_studio_settings_patch_un_deprecates_and_allow_lists_our_blocks(env):
    """Run the rendered patch against both shapes of platform settings it is written for."""
    cms = (env / "apps/openedx/settings/cms/production.py").read_text()
    start = cms.index("# Kemenag Digital Learning Center: keep our blocks")
    patch = cms[start : cms.index("\n\n", cms.index("ADVANCED_COMPONENT_TYPES +=", start))]
    explicit = {
        "DEPRECATED_ADVANCED_COMPONENT_TYPES": ["kemenag_assignment", "poll"],
        "ADVANCED_COMPONENT_TYPES": ["lti"],
    }
    exec(patch, explicit)
    assert explicit["DEPRECATED_ADVANCED_COMPONENT_TYPES"] == ["poll"]
    assert explicit["ADVANCED_COMPONENT_TYPES"][1:] == [
        "kemenag_moderation_quiz",
        "kemenag_assignment",
        "kemenag_competency",
        "kemenag_resources",
    ]
    computed = {}
    exec(patch, computed)
    assert computed["DEPRECATED_ADVANCED_COMPONENT_TYPES"] == []
    assert "ADVANCED_COMPONENT_TYPES" not in computed


def test_a_celery_beat_service_runs_the_periodic_harvest(env):
    """Tutor runs Celery workers but no beat: without one the plugin's beat entry (the periodic
    OAI-PMH harvest, resources/schedule.py) would never be sent."""
    compose = yaml.safe_load((env / "local/docker-compose.prod.yml").read_text())
    beat = compose["services"]["lms-beat"]
    assert beat["command"][:4] == ["celery", "--app=lms.celery", "beat", "--loglevel=info"]
    assert beat["environment"]["DJANGO_SETTINGS_MODULE"] == "lms.envs.tutor.production"
    # The platform's settings and config, as the LMS worker has them; the schedule file persists in data/lms.
    worker = compose["services"]["lms-worker"]
    assert [v for v in worker["volumes"] if "/openedx/edx-platform" in v or "/openedx/config" in v] == [
        v for v in beat["volumes"] if "/openedx/edx-platform" in v or "/openedx/config" in v
    ]
    assert "--schedule=/openedx/data/celerybeat-schedule" in beat["command"]
    assert "../../data/lms:/openedx/data:z" in beat["volumes"]
    deployments = [d for d in yaml.safe_load_all((env / "k8s/deployments.yml").read_text()) if d]
    (k8s,) = [d for d in deployments if d["metadata"]["name"] == "lms-beat"]
    assert k8s["spec"]["replicas"] == 1 and k8s["spec"]["strategy"] == {"type": "Recreate"}
    (container,) = k8s["spec"]["template"]["spec"]["containers"]
    assert container["args"][:3] == ["celery", "--app=lms.celery", "beat"]
    (worker_k8s,) = [d for d in deployments if d["metadata"]["name"] == "lms-worker"]
    assert k8s["spec"]["template"]["spec"]["volumes"] == worker_k8s["spec"]["template"]["spec"]["volumes"]


def test_an_operator_with_a_beat_of_their_own_turns_ours_off(tmp_path_factory):
    root = tmp_path_factory.mktemp("tutor-own-beat")
    tutor(root, "plugins", "enable", "kemenag")
    tutor(root, "config", "save", "--set", "KEMENAG_RUN_CELERY_BEAT=false")
    env = root / "tutor" / "env"
    assert "lms-beat" not in yaml.safe_load((env / "local/docker-compose.prod.yml").read_text())["services"]
    names = [d["metadata"]["name"] for d in yaml.safe_load_all((env / "k8s/deployments.yml").read_text()) if d]
    assert "lms-worker" in names and "lms-beat" not in names


def test_brand_package_lands_in_the_mfe_build_context(env):
    brand = env / "plugins/mfe/build/mfe/kemenag/brand"
    for source in (p for p in BRAND_DIR.rglob("*") if p.is_file()):
        assert filecmp.cmp(source, brand / source.relative_to(BRAND_DIR), shallow=False), source


RENDER_HOOKS = """
import json, sys
from tutor import config as tutor_config, env as tutor_env, hooks
root = sys.argv[1]
hooks.Actions.CORE_READY.do()  # what the tutor CLI does first: discover plugins, then load the enabled ones
hooks.Actions.PROJECT_ROOT_READY.do(root)
config = tutor_config.load(root)
print(json.dumps({
    "init": [(name, tutor_env.render_str(config, task)) for name, task in hooks.Filters.CLI_DO_INIT_TASKS.iterate()],
    "mfe_settings": tutor_env.render_str(config, '{{ patch("mfe-lms-common-settings") }}'),
    "mfe_dockerfile": tutor_env.render_str(config, '{{ patch("mfe-dockerfile-post-npm-install") }}'),
}))
"""


@pytest.fixture(scope="module")
def rendered_hooks(tutor_root):
    """What tutor-mfe and ``tutor local do init`` would render (neither runs without Docker)."""
    import json

    env = {**os.environ, "TUTOR_ROOT": str(tutor_root / "tutor"), "TUTOR_PLUGINS_ROOT": str(tutor_root / "plugins")}
    out = subprocess.run(
        [sys.executable, "-c", RENDER_HOOKS, str(tutor_root / "tutor")],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out)


def test_init_task_assigns_the_theme_to_lms_and_studio_sites(rendered_hooks):
    tasks = [task for service, task in rendered_hooks["init"] if "theme_dir_name='kemenag'" in task]
    assert len(tasks) == 1
    task = tasks[0]
    commands = [line for line in task.splitlines() if line and not line.startswith("#")]
    assert commands[0].startswith("./manage.py lms shell -c")  # after the comment saying what it does
    for domain in ("'local.openedx.io'", "'local.openedx.io:8000'", "'studio.local.openedx.io'"):
        assert domain in task


def test_mfe_runtime_theming_points_to_the_brand_override_css(rendered_hooks):
    """The shape frontend-platform's useParagonThemeUrls reads: core.urls.default, and per
    variant urls.default (Paragon's theme) plus urls.brandOverride (ours, loaded after it)."""
    namespace = {"MFE_CONFIG": {}}
    exec(rendered_hooks["mfe_settings"], namespace)
    config = namespace["MFE_CONFIG"]
    paragon = "https://cdn.jsdelivr.net/npm/@openedx/paragon@$paragonVersion/dist"
    assert config["PARAGON_THEME_URLS"] == {
        "core": {"urls": {"default": f"{paragon}/core.min.css"}},
        "defaults": {"light": "light"},
        "variants": {
            "light": {
                "urls": {
                    "default": f"{paragon}/light.min.css",
                    "brandOverride": "http://local.openedx.io/static/kemenag/css/paragon-brand.css",
                }
            }
        },
    }
    assert config["LOGO_URL"] == "http://local.openedx.io/static/kemenag/images/logo.svg"
    assert (THEME_DIR / "lms/static/css/paragon-brand.css").is_file()
    assert (THEME_DIR / "lms/static/images/logo.svg").is_file()
    assert "npm install '@edx/brand@file:/openedx/kemenag-brand'" in rendered_hooks["mfe_dockerfile"]
    assert "COPY kemenag/brand /openedx/kemenag-brand" in rendered_hooks["mfe_dockerfile"]
