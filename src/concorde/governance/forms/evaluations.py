"""Forms of the evaluations: each party's assessment of a criterion, the shared conclusion."""

from __future__ import annotations

from django import forms

from ..models import Assessment


class AssessmentForm(forms.ModelForm):
    class Meta:
        model = Assessment
        fields = ["rating", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


class ConclusionForm(forms.Form):
    conclusion = forms.CharField(
        label="Conclusion partagée", widget=forms.Textarea(attrs={"rows": 6}), max_length=50_000
    )
