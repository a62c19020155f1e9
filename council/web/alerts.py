"""/alerts/: subscribe to e-mail alerts, confirm, unsubscribe (one click, also by POST from a
mail client: RFC 8058)."""

from __future__ import annotations

from django import forms
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from council import alerts, participation
from council.models import Topic
from council.net import client_address
from program.models import Department, Objective, Strategy
from workflows.errors import WorkflowError


class SubscribeForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Your e-mail address"))
    topic = forms.ChoiceField(
        label=gettext_lazy("What to follow"), choices=Topic.choices, widget=forms.RadioSelect,
        initial=Topic.EVERYTHING,
    )  # fmt: skip
    department = forms.ChoiceField(label=gettext_lazy("Department"), required=False)
    objective = forms.ChoiceField(label=gettext_lazy("Strategy objective"), required=False)
    strategy = forms.ChoiceField(label=gettext_lazy("Strategy"), required=False)
    keyword = forms.CharField(
        label=gettext_lazy("Word in the title"), required=False, max_length=alerts.KEYWORD_MAX
    )
    website = forms.CharField(required=False, label=gettext_lazy("Leave this field empty"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [("", "—")] + [
            (d.slug, d.name) for d in Department.objects.order_by("name")
        ]
        self.fields["objective"].choices = [("", "—")] + [
            (o.code, f"{o.code} {o.title}")
            for o in Objective.objects.filter(level__in=["general", "specific"]).order_by("code")
        ]
        self.fields["strategy"].choices = [("", "—")] + [
            (s.slug, s.title) for s in Strategy.objects.order_by("title")
        ]

    def value(self) -> str:
        topic = self.cleaned_data["topic"]
        return {
            Topic.DEPARTMENT: self.cleaned_data.get("department"),
            Topic.OBJECTIVE: self.cleaned_data.get("objective"),
            Topic.STRATEGY: self.cleaned_data.get("strategy"),
            Topic.KEYWORD: self.cleaned_data.get("keyword"),
        }.get(topic, "") or ""


TOPIC_FIELDS = {
    Topic.DEPARTMENT: "department",
    Topic.OBJECTIVE: "objective",
    Topic.STRATEGY: "strategy",
    Topic.KEYWORD: "keyword",
}


@never_cache
def alerts_page(request):
    form = SubscribeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid() and not form.cleaned_data["website"]:
            data = form.cleaned_data
            try:
                participation.throttle(client_address(request), data["email"])
                alerts.subscribe(
                    email=data["email"], topic=data["topic"], value=form.value(),
                    language=request.LANGUAGE_CODE,
                )  # fmt: skip
            except WorkflowError as error:
                # A wrong value is shown beside the list (or box) of the topic chosen.
                field = TOPIC_FIELDS.get(data["topic"]) if error.field == "value" else error.field
                form.add_error(field if field in form.fields else None, error.message)
                status = error.status_code
            else:
                return redirect(f"{request.path}?asked=1")
        else:
            status = 400
    return render(
        request,
        "public/alerts.html",
        {"form": form, "asked": request.GET.get("asked") == "1"},
        status=status,
    )


@never_cache
def alerts_confirm(request, token: str):
    try:
        subscription = alerts.confirm(token)
    except WorkflowError as error:
        return render(request, "public/alerts_done.html", {"error": error.message}, status=400)
    return render(
        request,
        "public/alerts_done.html",
        {"confirmed": alerts.topic_label(subscription.topic, subscription.value)},
    )


@csrf_exempt  # the link in the e-mail, and mail clients' one-click POST (RFC 8058)
@never_cache
def alerts_unsubscribe(request, token: str):
    if request.method == "POST":
        done = alerts.unsubscribe(token)
        return render(request, "public/alerts_done.html", {"unsubscribed": True, "done": done})
    valid = alerts.subscription_for(token, "unsubscribe") is not None
    return render(
        request,
        "public/alerts_done.html",
        {"ask_unsubscribe": valid, "token": token, "error": "" if valid else True},
        status=200 if valid else 404,
    )
