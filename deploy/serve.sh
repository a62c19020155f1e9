#!/bin/sh
# The production stack, locally: migrate, collect static files, load the demo data if the
# database is empty, then the task worker (PDFs) and gunicorn. Stops both on Ctrl-C.
set -eu
cd "$(dirname "$0")/.."

# A secret key kept between runs (production sets SECRET_KEY in its environment file).
if [ -z "${SECRET_KEY:-}" ]; then
  [ -s .serve-secret-key ] || python -c "import secrets; print(secrets.token_urlsafe(50))" > .serve-secret-key
  SECRET_KEY=$(cat .serve-secret-key)
fi
export SECRET_KEY DEBUG=0 HTTPS="${HTTPS:-0}" TASK_BACKEND="${TASK_BACKEND:-database}"
export ALLOWED_HOSTS="${ALLOWED_HOSTS:-localhost,127.0.0.1}"
PORT="${PORT:-8000}"

[ "$HTTPS" = 0 ] && echo "HTTPS=0 for this local run: the HTTPS warnings below are expected."
python manage.py check --deploy --fail-level ERROR
python manage.py migrate --noinput
python manage.py collectstatic --noinput -v0
python manage.py seed_demo

python manage.py db_worker --no-startup-delay &
worker=$!
trap 'kill "$worker" 2>/dev/null || true' EXIT INT TERM
echo "Serving the production stack on http://127.0.0.1:$PORT/ (worker pid $worker)"
gunicorn council.site.wsgi --config deploy/gunicorn.conf.py --bind "127.0.0.1:$PORT"
