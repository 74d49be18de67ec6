.class public final Lcom/example/fairlend/ReferencePicker;
.super Ljava/lang/Object;
.source "ReferencePicker.java"

# Lets the user choose ONE reference phone number with the system contact
# picker (ACTION_PICK). No READ_CONTACTS, no ContentResolver.query anywhere.


# direct methods
.method private constructor <init>()V
    .registers 1

    invoke-direct {p0}, Ljava/lang/Object;-><init>()V

    return-void
.end method

.method public static pick(Landroid/app/Activity;)V
    .registers 4
    # locals v0..v2 ; p0 = activity

    new-instance v0, Landroid/content/Intent;
    const-string v1, "android.intent.action.PICK"
    sget-object v2, Landroid/provider/ContactsContract$CommonDataKinds$Phone;->CONTENT_URI:Landroid/net/Uri;
    invoke-direct {v0, v1, v2}, Landroid/content/Intent;-><init>(Ljava/lang/String;Landroid/net/Uri;)V

    const/16 v1, 0x65
    invoke-virtual {p0, v0, v1}, Landroid/app/Activity;->startActivityForResult(Landroid/content/Intent;I)V

    return-void
.end method
