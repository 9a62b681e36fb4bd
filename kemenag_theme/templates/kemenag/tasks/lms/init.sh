# Kemenag Digital Learning Center: make "kemenag" the site theme of the LMS and Studio (idempotent).
./manage.py lms shell -c "
from django.contrib.sites.models import Site
for domain in ['{{ LMS_HOST }}', '{{ LMS_HOST }}:8000', '{{ CMS_HOST }}', '{{ CMS_HOST }}:8001']:
    site, _ = Site.objects.get_or_create(domain=domain, defaults={'name': domain[:50]})
    site.themes.all().delete()
    site.themes.create(theme_dir_name='kemenag')
    print('Kemenag theme assigned to', domain)
"
