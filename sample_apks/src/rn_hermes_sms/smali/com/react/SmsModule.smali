.class public Lcom/react/SmsModule;
.super Lcom/facebook/react/bridge/ReactContextBaseJavaModule;
.source "SmsModule.java"

# Native half of react-native-get-sms-android: getName() = "Sms" (JS: NativeModules.Sms),
# list(filter, errorCb, successCb) queries content://sms/<box> (here always inbox).


# direct methods
.method public constructor <init>()V
    .registers 1

    invoke-direct {p0}, Lcom/facebook/react/bridge/ReactContextBaseJavaModule;-><init>()V

    return-void
.end method


# virtual methods
.method public getName()Ljava/lang/String;
    .registers 2

    const-string v0, "Sms"

    return-object v0
.end method

.method public list(Ljava/lang/String;Lcom/facebook/react/bridge/Callback;Lcom/facebook/react/bridge/Callback;)V
    .registers 11
    .annotation runtime Lcom/facebook/react/bridge/ReactMethod;
    .end annotation
    # locals v0..v6 ; p0 = this, p1 = filter JSON, p2 = error callback, p3 = success callback

    iget-object v0, p0, Lcom/facebook/react/bridge/ReactContextBaseJavaModule;->reactContext:Landroid/content/Context;

    invoke-virtual {v0}, Landroid/content/Context;->getContentResolver()Landroid/content/ContentResolver;

    move-result-object v0

    const-string v1, "content://sms/inbox"

    invoke-static {v1}, Landroid/net/Uri;->parse(Ljava/lang/String;)Landroid/net/Uri;

    move-result-object v1

    const/4 v2, 0x0

    const/4 v3, 0x0

    const/4 v4, 0x0

    const/4 v5, 0x0

    invoke-virtual/range {v0 .. v5}, Landroid/content/ContentResolver;->query(Landroid/net/Uri;[Ljava/lang/String;Ljava/lang/String;[Ljava/lang/String;Ljava/lang/String;)Landroid/database/Cursor;

    move-result-object v6

    return-void
.end method
