.class public final Lcom/example/cashnow/ReflectionProbe;
.super Ljava/lang/Object;
.source "ReflectionProbe.java"

# Looks up ContactsContract.Contacts.CONTENT_URI by reflection (no direct
# sget of the field).


# direct methods
.method private constructor <init>()V
    .registers 1

    invoke-direct {p0}, Ljava/lang/Object;-><init>()V

    return-void
.end method

.method public static probe()Landroid/net/Uri;
    .registers 2
    # locals v0, v1 ; no params

    :try_start_0
    const-string v0, "android.provider.ContactsContract$Contacts"
    invoke-static {v0}, Ljava/lang/Class;->forName(Ljava/lang/String;)Ljava/lang/Class;
    move-result-object v0
    const-string v1, "CONTENT_URI"
    invoke-virtual {v0, v1}, Ljava/lang/Class;->getField(Ljava/lang/String;)Ljava/lang/reflect/Field;
    move-result-object v0
    const/4 v1, 0x0
    invoke-virtual {v0, v1}, Ljava/lang/reflect/Field;->get(Ljava/lang/Object;)Ljava/lang/Object;
    move-result-object v0
    check-cast v0, Landroid/net/Uri;
    :try_end_0
    .catch Ljava/lang/ReflectiveOperationException; {:try_start_0 .. :try_end_0} :catch_0

    return-object v0

    :catch_0
    move-exception v0
    const/4 v0, 0x0
    return-object v0
.end method
