# Kemenag Digital Learning Center: make "kemenag" the site theme of the LMS and Studio sites that
# have none. A theme an operator already assigned is kept (as tutor-indigo does), unless
# KEMENAG_FORCE_THEME is true: `tutor config save --set KEMENAG_FORCE_THEME=true`.
# Undo: in `tutor local run lms ./manage.py lms shell`, delete the rows this task created:
#   from openedx.core.djangoapps.theming.models import SiteTheme
#   SiteTheme.objects.filter(theme_dir_name='kemenag').delete()
./manage.py lms shell -c "
from django.contrib.sites.models import Site
force = {% if KEMENAG_FORCE_THEME %}True{% else %}False{% endif %}
for domain in ['{{ LMS_HOST }}', '{{ LMS_HOST }}:8000', '{{ CMS_HOST }}', '{{ CMS_HOST }}:8001']:
    site, _ = Site.objects.get_or_create(domain=domain, defaults={'name': domain[:50]})
    current = sorted(site.themes.values_list('theme_dir_name', flat=True))
    if current == ['kemenag']:
        print('Kemenag theme: already the theme of', domain)
    elif current and not force:
        print('Kemenag theme: kept theme', ', '.join(current), 'of', domain, '(KEMENAG_FORCE_THEME=true replaces it)')
    else:
        if current:
            print('Kemenag theme: replacing', ', '.join(current), 'of', domain, '(KEMENAG_FORCE_THEME)')
        site.themes.all().delete()
        site.themes.create(theme_dir_name='kemenag')
        print('Kemenag theme: assigned to', domain)
"
