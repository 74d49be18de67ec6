.class public Lorg/apache/cordova/contacts/ContactManager;
.super Lorg/apache/cordova/CordovaPlugin;
.source "ContactManager.java"

# Service "Contacts" (res/xml/config.xml). The JS shim calls exec(..., "Contacts", "search", ...).


# direct methods
.method public constructor <init>()V
    .registers 1

    invoke-direct {p0}, Lorg/apache/cordova/CordovaPlugin;-><init>()V

    return-void
.end method


# virtual methods
.method public execute(Ljava/lang/String;Lorg/json/JSONArray;Lorg/apache/cordova/CallbackContext;)Z
    .registers 6
    # locals v0, v1 ; p0 = this, p1 = action, p2 = args, p3 = callback

    const-string v0, "search"

    invoke-virtual {v0, p1}, Ljava/lang/String;->equals(Ljava/lang/Object;)Z

    move-result v0

    if-eqz v0, :no

    iget-object v0, p0, Lorg/apache/cordova/CordovaPlugin;->context:Landroid/content/Context;

    invoke-static {v0}, Lorg/apache/cordova/contacts/ContactAccessorSdk5;->search(Landroid/content/Context;)I

    move-result v1

    const/4 v0, 0x1

    return v0

    :no
    const/4 v0, 0x0

    return v0
.end method
