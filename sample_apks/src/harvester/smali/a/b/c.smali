.class public final La/b/c;
.super Ljava/lang/Object;
.source "SourceFile"

# Obfuscated (ProGuard-style) helper bundled in the app: installed
# applications + clipboard contents.


# instance fields
.field private final a:Landroid/content/Context;


# direct methods
.method public constructor <init>(Landroid/content/Context;)V
    .registers 2

    invoke-direct {p0}, Ljava/lang/Object;-><init>()V
    iput-object p1, p0, La/b/c;->a:Landroid/content/Context;

    return-void
.end method


# virtual methods
.method public final a()V
    .registers 4
    # locals v0..v2 ; p0 = this

    iget-object v0, p0, La/b/c;->a:Landroid/content/Context;

    invoke-virtual {v0}, Landroid/content/Context;->getPackageManager()Landroid/content/pm/PackageManager;
    move-result-object v1
    const/16 v2, 0x80
    invoke-virtual {v1, v2}, Landroid/content/pm/PackageManager;->getInstalledApplications(I)Ljava/util/List;
    move-result-object v1

    const-string v1, "clipboard"
    invoke-virtual {v0, v1}, Landroid/content/Context;->getSystemService(Ljava/lang/String;)Ljava/lang/Object;
    move-result-object v1
    check-cast v1, Landroid/content/ClipboardManager;
    invoke-virtual {v1}, Landroid/content/ClipboardManager;->getPrimaryClip()Landroid/content/ClipData;
    move-result-object v1

    return-void
.end method
