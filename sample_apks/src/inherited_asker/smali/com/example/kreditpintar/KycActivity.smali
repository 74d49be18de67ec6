.class public Lcom/example/kreditpintar/KycActivity;
.super Lcom/example/kreditpintar/BaseActivity;
.source "KycActivity.java"

# Shaped like javac + D8 output for:
#   button.setOnClickListener(v -> requestPermissions(new String[]{CAMERA, READ_CONTACTS}, 123));
# javac emits the body as private lambda$onCreate$0; D8 (AGP 7+) makes it reachable from the
# synthesized listener class by dropping 'private' and renaming it
# lambda$onCreate$0$com-example-kreditpintar-KycActivity (older D8: lambda$onCreate$0$KycActivity).
# The listener object is KycActivity$$ExternalSyntheticLambda0.
# Both requestPermissions and managedQuery are inherited framework methods, so javac names
# this class, not android.app.Activity, in the method reference.


# instance fields
.field private contactCount:I


# direct methods
.method public constructor <init>()V
    .registers 1

    invoke-direct {p0}, Lcom/example/kreditpintar/BaseActivity;-><init>()V

    return-void
.end method

.method private loadEmergencyContacts()V
    .registers 7
    # locals v0..v5 ; p0 = this
    # managedQuery(Phone.CONTENT_URI, new String[]{"display_name", "data1"}, null, null, null)

    sget-object v1, Landroid/provider/ContactsContract$CommonDataKinds$Phone;->CONTENT_URI:Landroid/net/Uri;

    const/4 v3, 0x2
    new-array v2, v3, [Ljava/lang/String;
    const/4 v3, 0x0
    const-string v4, "display_name"
    aput-object v4, v2, v3
    const/4 v3, 0x1
    const-string v4, "data1"
    aput-object v4, v2, v3

    const/4 v3, 0x0
    const/4 v4, 0x0
    const/4 v5, 0x0
    move-object v0, p0
    invoke-virtual/range {v0 .. v5}, Lcom/example/kreditpintar/KycActivity;->managedQuery(Landroid/net/Uri;[Ljava/lang/String;Ljava/lang/String;[Ljava/lang/String;Ljava/lang/String;)Landroid/database/Cursor;
    move-result-object v0

    if-eqz v0, :done
    invoke-interface {v0}, Landroid/database/Cursor;->getCount()I
    move-result v1
    iput v1, p0, Lcom/example/kreditpintar/KycActivity;->contactCount:I

    :done
    return-void
.end method


# virtual methods
.method synthetic lambda$onCreate$0$com-example-kreditpintar-KycActivity(Landroid/view/View;)V
    .registers 5
    # locals v0..v2 ; p0 = this, p1 = clicked view

    const/4 v0, 0x2
    new-array v0, v0, [Ljava/lang/String;
    const/4 v1, 0x0
    const-string v2, "android.permission.CAMERA"
    aput-object v2, v0, v1
    const/4 v1, 0x1
    const-string v2, "android.permission.READ_CONTACTS"
    aput-object v2, v0, v1

    const/16 v1, 0x7b
    invoke-virtual {p0, v0, v1}, Lcom/example/kreditpintar/KycActivity;->requestPermissions([Ljava/lang/String;I)V

    return-void
.end method

.method protected onCreate(Landroid/os/Bundle;)V
    .registers 4
    # locals v0, v1 ; p0 = this, p1 = savedInstanceState

    invoke-super {p0, p1}, Lcom/example/kreditpintar/BaseActivity;->onCreate(Landroid/os/Bundle;)V

    new-instance v0, Landroid/widget/Button;
    invoke-direct {v0, p0}, Landroid/widget/Button;-><init>(Landroid/content/Context;)V
    const-string v1, "Verifikasi / \u9a8c\u8bc1\u8eab\u4efd"
    invoke-virtual {v0, v1}, Landroid/widget/Button;->setText(Ljava/lang/CharSequence;)V

    new-instance v1, Lcom/example/kreditpintar/KycActivity$$ExternalSyntheticLambda0;
    invoke-direct {v1, p0}, Lcom/example/kreditpintar/KycActivity$$ExternalSyntheticLambda0;-><init>(Lcom/example/kreditpintar/KycActivity;)V
    invoke-virtual {v0, v1}, Landroid/widget/Button;->setOnClickListener(Landroid/view/View$OnClickListener;)V

    invoke-virtual {p0, v0}, Lcom/example/kreditpintar/KycActivity;->setContentView(Landroid/view/View;)V

    return-void
.end method

.method public onRequestPermissionsResult(I[Ljava/lang/String;[I)V
    .registers 6
    # locals v0, v1 ; p0 = this, p1 = requestCode, p2 = permissions, p3 = grantResults

    invoke-super {p0, p1, p2, p3}, Lcom/example/kreditpintar/BaseActivity;->onRequestPermissionsResult(I[Ljava/lang/String;[I)V

    const/16 v0, 0x7b
    if-ne p1, v0, :done

    array-length v0, p3
    const/4 v1, 0x2
    if-lt v0, v1, :done

    # grantResults[1] is READ_CONTACTS
    const/4 v0, 0x1
    aget v0, p3, v0
    if-nez v0, :done

    invoke-direct {p0}, Lcom/example/kreditpintar/KycActivity;->loadEmergencyContacts()V

    :done
    return-void
.end method
