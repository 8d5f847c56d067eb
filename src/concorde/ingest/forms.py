from django import forms
from django.conf import settings


class UploadForm(forms.Form):
    document = forms.FileField(
        label="Document signé",
        help_text="Texte, Markdown, HTML, PDF (y compris scanné) ou Word (.docx).",
    )
    organisation = forms.ModelChoiceField(queryset=None, label="Organisation qui importe", empty_label=None)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations

    def clean_document(self):
        document = self.cleaned_data["document"]
        limit = settings.CONCORDE_MAX_UPLOAD_BYTES
        if document.size > limit:
            raise forms.ValidationError(
                f"Le fichier fait {document.size / 1024 / 1024:.1f} Mo : la taille maximale est de {limit / 1024 / 1024:.0f} Mo.")
        if document.size == 0:
            raise forms.ValidationError("Le fichier est vide.")
        return document
