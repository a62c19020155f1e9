"""The public consultations (Legea 52/2003): the list, one consultation with the draft's
documents, its dates and the forms to send a recommendation or ask for a public debate, and the
link that confirms a recommendation's e-mail address."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core import signing
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from council import participation
from council.documents import documents_prefetch
from council.models import DraftDecision, DraftStatus, Recommendation
from council.net import client_address
from council.selectors import public_consultations
from council.web.http import conditional_page
from workflows import clock
from workflows.errors import WorkflowError

SIGNER = signing.TimestampSigner(salt="consultation-form")


def days_left(draft: DraftDecision, today: dt.date) -> int:
    """Calendar days left to send a recommendation, today and the last day included."""
    return (draft.recommendations_until - today).days + 1


@conditional_page
def consultations_page(request):
    """Open and past consultations; what is open depends on the day, which the page's ETag
    carries, and on the drafts, which the public version follows."""
    today = clock.today()
    drafts = public_consultations().select_related("department")
    now = clock.now()
    open_ = [
        d
        for d in drafts.filter(status=DraftStatus.IN_CONSULTATION).order_by(
            "-consultation_announced_on", "-pk"
        )
        if participation.is_open(d, now)
    ]
    for draft in open_:
        draft.days_left = days_left(draft, today)
    # The latest hundred of the others (closed, decided, or past their last day).
    past = list(
        drafts.exclude(pk__in=[d.pk for d in open_]).order_by("-consultation_announced_on", "-pk")[
            :100
        ]
    )
    return render(request, "public/consultations.html", {"open": open_, "past": past})


class RecommendationForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Your recommendation"),
        widget=forms.Textarea(attrs={"rows": 8}),
        min_length=participation.TEXT_MIN,
        max_length=participation.TEXT_MAX,
    )
    name = forms.CharField(label=gettext_lazy("Your name"), max_length=participation.NAME_MAX)
    email = forms.EmailField(
        label=gettext_lazy("Your e-mail address"),
        help_text=gettext_lazy("We send you a link: the recommendation counts once you open it."),
    )
    organisation = forms.CharField(
        label=gettext_lazy("Organisation (optional)"),
        required=False,
        max_length=participation.ORGANISATION_MAX,
        help_text=gettext_lazy(
            "An organisation's name is published with the recommendation; a person's name "
            "and e-mail never are."
        ),
    )
    consent = forms.BooleanField(
        label=gettext_lazy(
            "I agree that the council processes my name and e-mail address to register this "
            "recommendation and answer it (see the privacy notice)."
        )
    )
    # Left empty by people; a robot fills every field it finds.
    website = forms.CharField(required=False, label=gettext_lazy("Leave this field empty"))
    shown = forms.CharField(widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if data.get("website"):
            raise forms.ValidationError(_("The form could not be taken."))
        try:
            SIGNER.unsign(data.get("shown", ""), max_age=dt.timedelta(hours=6))
        except signing.BadSignature:
            raise forms.ValidationError(
                _("The form is too old or was changed: reload the page and send it again.")
            ) from None
        return data


class DebateRequestForm(forms.Form):
    organisation = forms.CharField(
        label=gettext_lazy("Association or public authority"),
        max_length=participation.ORGANISATION_MAX,
    )
    email = forms.EmailField(label=gettext_lazy("E-mail address for the answer"))
    reason = forms.CharField(
        label=gettext_lazy("Why a public debate is needed"),
        widget=forms.Textarea(attrs={"rows": 4}),
        min_length=participation.TEXT_MIN,
        max_length=participation.TEXT_MAX,
    )
    website = forms.CharField(required=False, label=gettext_lazy("Leave this field empty"))

    def clean(self):
        data = super().clean()
        if data.get("website"):
            raise forms.ValidationError(_("The form could not be taken."))
        return data


def sent_too_fast(shown: str) -> bool:
    """The form came back sooner than a person could have filled it in."""
    try:
        SIGNER.unsign(shown, max_age=participation.FASTEST_HUMAN)
    except signing.SignatureExpired:
        return False
    except signing.BadSignature:
        return False
    return True


@never_cache
def consultation_page(request, pk: int):
    draft = get_object_or_404(
        public_consultations()
        .select_related("department", "item")
        .prefetch_related(
            documents_prefetch("documents", public=True),
            Prefetch(
                "recommendations",
                queryset=Recommendation.objects.filter(published_at__isnull=False).order_by(
                    "received_at", "pk"
                ),
                to_attr="published_recommendations",
            ),
            "debate_requests",
        ),
        pk=pk,
    )
    now = clock.now()
    is_open = participation.is_open(draft, now)
    form = RecommendationForm(initial={"shown": SIGNER.sign("shown")})
    debate_form = DebateRequestForm()
    status = 200
    if request.method == "POST":
        if not is_open:
            status = 409
        elif request.POST.get("form") == "debate":
            debate_form = DebateRequestForm(request.POST)
            if debate_form.is_valid():
                try:
                    participation.throttle(client_address(request))
                    data = debate_form.cleaned_data
                    participation.debate_request(
                        draft_id=draft.pk, organisation=data["organisation"],
                        email=data["email"], reason=data["reason"],
                    )  # fmt: skip
                except WorkflowError as error:
                    debate_form.add_error(error.field or None, error.message)
                    status = error.status_code
                else:
                    return redirect(f"{request.path}?debate=requested#debate")
            else:
                status = 400
        else:
            form = RecommendationForm(request.POST)
            if form.is_valid() and sent_too_fast(form.cleaned_data["shown"]):
                form.add_error(
                    None, _("The form was sent too fast: wait a moment and send it again.")
                )
            if form.is_valid():
                data = form.cleaned_data
                try:
                    participation.throttle(client_address(request), data["email"])
                    recommendation, _token = participation.recommendation_send(
                        draft_id=draft.pk, text=data["text"], name=data["name"],
                        email=data["email"], organisation=data["organisation"],
                        consent=data["consent"], language=request.LANGUAGE_CODE,
                    )  # fmt: skip
                except WorkflowError as error:
                    for field, message in (error.fields or {None: error.message}).items():
                        form.add_error(field if field in form.fields else None, message)
                    status = error.status_code
                else:
                    return redirect(f"{request.path}?sent={recommendation.reference}#send")
            else:
                status = 400
    return render(
        request,
        "public/consultation.html",
        {
            "draft": draft,
            "is_open": is_open,
            "days_left": days_left(draft, clock.today()) if is_open else None,
            "form": form,
            "debate_form": debate_form,
            "sent": request.GET.get("sent", "")[:20],
            "debate_requested": request.GET.get("debate") == "requested",
            "received": draft.recommendations.filter(received_at__isnull=False).count(),
            "answered": draft.published_recommendations,
            "closed_message": participation.closed_message(draft) if not is_open else "",
        },
        status=status,
    )


@never_cache
def consultation_confirm(request, token: str):
    """The link in the confirmation e-mail: the recommendation counts from now."""
    try:
        recommendation = participation.recommendation_confirm(token=token)
    except WorkflowError as error:
        return render(
            request,
            "public/consultation_confirm.html",
            {"error": error.message},
            status=error.status_code,
        )
    return render(request, "public/consultation_confirm.html", {"recommendation": recommendation})
