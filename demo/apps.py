from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "demo"
    label = "kemenag_demo"
    verbose_name = "Kemenag DLC demo"

    def ready(self):
        from demo.course_units import install

        install()
