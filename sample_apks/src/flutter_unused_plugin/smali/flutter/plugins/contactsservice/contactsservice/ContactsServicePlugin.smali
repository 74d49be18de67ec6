.class public Lflutter/plugins/contactsservice/contactsservice/ContactsServicePlugin;
.super Ljava/lang/Object;
.source "ContactsServicePlugin.java"

# implements
.implements Lio/flutter/embedding/engine/plugins/FlutterPlugin;

# Simplified stub of the contacts_service plugin: channel "github.com/clovisnicolas/flutter_contacts", method "getContacts" -> read().


# instance fields
.field private contentResolver:Landroid/content/ContentResolver;


# direct methods
.method public constructor <init>()V
    .registers 1

    invoke-direct {p0}, Ljava/lang/Object;-><init>()V

    return-void
.end method


# virtual methods
.method public onAttachedToEngine(Lio/flutter/embedding/engine/plugins/FlutterPlugin$FlutterPluginBinding;)V
    .registers 5
    # locals v0..v2 ; p0 = this, p1 = binding

    invoke-virtual {p1}, Lio/flutter/embedding/engine/plugins/FlutterPlugin$FlutterPluginBinding;->getBinaryMessenger()Lio/flutter/plugin/common/BinaryMessenger;

    move-result-object v1

    new-instance v0, Lio/flutter/plugin/common/MethodChannel;

    const-string v2, "github.com/clovisnicolas/flutter_contacts"

    invoke-direct {v0, v1, v2}, Lio/flutter/plugin/common/MethodChannel;-><init>(Lio/flutter/plugin/common/BinaryMessenger;Ljava/lang/String;)V

    return-void
.end method

.method public onMethodCall(Lio/flutter/plugin/common/MethodCall;Lio/flutter/plugin/common/MethodChannel$Result;)V
    .registers 5
    # locals v0, v1 ; p0 = this, p1 = call, p2 = result

    iget-object v0, p1, Lio/flutter/plugin/common/MethodCall;->method:Ljava/lang/String;

    const-string v1, "getContacts"

    invoke-virtual {v1, v0}, Ljava/lang/String;->equals(Ljava/lang/Object;)Z

    move-result v0

    if-eqz v0, :done

    invoke-virtual {p0}, Lflutter/plugins/contactsservice/contactsservice/ContactsServicePlugin;->read()I

    :done
    return-void
.end method

.method public read()I
    .registers 8
    # locals v0..v6 ; p0 = this

    iget-object v0, p0, Lflutter/plugins/contactsservice/contactsservice/ContactsServicePlugin;->contentResolver:Landroid/content/ContentResolver;

    sget-object v1, Landroid/provider/ContactsContract$Data;->CONTENT_URI:Landroid/net/Uri;

    const/4 v2, 0x0

    const/4 v3, 0x0

    const/4 v4, 0x0

    const/4 v5, 0x0

    invoke-virtual/range {v0 .. v5}, Landroid/content/ContentResolver;->query(Landroid/net/Uri;[Ljava/lang/String;Ljava/lang/String;[Ljava/lang/String;Ljava/lang/String;)Landroid/database/Cursor;

    move-result-object v6

    if-eqz v6, :none

    invoke-interface {v6}, Landroid/database/Cursor;->getCount()I

    move-result v0

    return v0

    :none
    const/4 v0, 0x0

    return v0
.end method
