from django import forms
from django.conf import settings

MAX_FILES = 20


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented way): each one cleaned as a FileField."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(d, initial) for d in data]
        return [super().clean(data, initial)]


class UploadForm(forms.Form):
    documents = MultipleFileField(
        allow_empty_file=True,  # refused below with the file's name, not Django's nameless message
        label="Documents signés",
        help_text=f"Un ou plusieurs fichiers (au plus {MAX_FILES}) : texte, Markdown, HTML, PDF (y compris scanné) ou Word (.docx).",
    )
    organisation = forms.ModelChoiceField(queryset=None, label="Organisation qui importe", empty_label=None)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations

    def clean_documents(self):
        documents = self.cleaned_data["documents"]
        if len(documents) > MAX_FILES:
            raise forms.ValidationError(f"{len(documents)} fichiers envoyés : au plus {MAX_FILES} à la fois.")
        limit = settings.CONCORDE_MAX_UPLOAD_BYTES
        for document in documents:
            if document.size > limit:
                raise forms.ValidationError(
                    f"{document.name} : le fichier fait {document.size / 1024 / 1024:.1f} Mo, "
                    f"la taille maximale est de {limit / 1024 / 1024:.0f} Mo."
                )
            if document.size == 0:
                raise forms.ValidationError(f"{document.name} : le fichier est vide.")
        return documents
