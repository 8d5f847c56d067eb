from django.urls import path

from . import views

app_name = "discussion"

urlpatterns = [
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/lues/", views.mark_read, name="mark-all-read"),
    path("notifications/<int:notification_pk>/", views.open_notification, name="open"),
    path("notifications/<int:notification_pk>/lue/", views.mark_read, name="mark-read"),
]
