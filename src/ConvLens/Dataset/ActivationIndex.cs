using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;

namespace ConvLens.Dataset;

/// <summary>
/// The activation index: a SQLite file holding, per context (<see cref="IndexContext"/>: model, layer,
/// preprocessing, input fitting) and per image (path relative to the dataset folder, size, modified time),
/// the statistics of every channel of the layer and the predicted class, or why the file could not be
/// read. Each batch is written in one transaction, so an interrupted run leaves only whole batches behind.
/// One row per image holds all channels (24 bytes each); a query for a channel reads its 24 bytes of
/// every row with <c>substr</c>.
/// </summary>
public sealed class ActivationIndex : IDisposable
{
    /// <summary>The schema this code reads and writes; files of another version are refused, not migrated.</summary>
    public const int SchemaVersion = 1;

    /// <summary>The index folder below ConvLens's home: <c>$CONVLENS_HOME/index</c>.</summary>
    public const string FolderName = "index";

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS contexts(
            id INTEGER PRIMARY KEY,
            fingerprint TEXT NOT NULL, layer TEXT NOT NULL, preprocessing TEXT NOT NULL, resize TEXT NOT NULL,
            input_width INTEGER NOT NULL, input_height INTEGER NOT NULL,
            layer_name TEXT NOT NULL, channels INTEGER NOT NULL, map_height INTEGER NOT NULL, map_width INTEGER NOT NULL,
            classes INTEGER NOT NULL,
            UNIQUE(fingerprint, layer, preprocessing, resize, input_width, input_height));
        CREATE TABLE IF NOT EXISTS images(
            context INTEGER NOT NULL REFERENCES contexts(id),
            path TEXT NOT NULL, size INTEGER NOT NULL, modified INTEGER NOT NULL,
            error TEXT, class INTEGER, probability REAL, stats BLOB,
            PRIMARY KEY(context, path));
        """;

    private const string Upsert = """
        INSERT INTO images(context, path, size, modified, error, class, probability, stats)
        VALUES($context, $path, $size, $modified, $error, $class, $probability, $stats)
        ON CONFLICT(context, path) DO UPDATE SET size = excluded.size, modified = excluded.modified, error = excluded.error,
            class = excluded.class, probability = excluded.probability, stats = excluded.stats
        """;

    private readonly SqliteConnection _connection;

    private ActivationIndex(string path, SqliteConnection connection)
    {
        Path = path;
        _connection = connection;
    }

    /// <summary>The index file.</summary>
    public string Path { get; }

    /// <summary>Opens <paramref name="path"/>, creating the file (and its folder) when missing.</summary>
    /// <exception cref="ConvLensException">The file is not a ConvLens index of this schema version, or cannot be opened.</exception>
    public static ActivationIndex Open(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (Directory.Exists(full)) throw new ConvLensException($"index '{path}' is a folder; --db takes a file");
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        var connection = Connect(full, SqliteOpenMode.ReadWriteCreate);
        try
        {
            Execute(connection, "PRAGMA synchronous = NORMAL;");
            using (var tx = connection.BeginTransaction())
            {
                Execute(connection, Schema, tx);
                var version = Scalar(connection, "SELECT value FROM meta WHERE key = 'schema'", tx);
                if (version is null)
                    Execute(connection, $"INSERT INTO meta(key, value) VALUES('schema', '{SchemaVersion}'), ('created_by', 'ConvLens')", tx);
                else if (version as string != SchemaVersion.ToString())
                    throw new ConvLensException($"index '{path}' has schema version {version}; this ConvLens reads version {SchemaVersion}: delete the file or pass another --db");
                tx.Commit();
            }
            return new ActivationIndex(full, connection);
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw new ConvLensException($"'{path}' is not a usable ConvLens index: {e.Message}", e);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The default index file of the dataset folder <paramref name="datasetRoot"/>:
    /// <c>$CONVLENS_HOME/index/&lt;folder name&gt;-&lt;hash of its full path&gt;.db</c> (home defaults to <c>~/.convlens</c>).
    /// </summary>
    public static string DefaultPath(string datasetRoot)
    {
        var full = System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(datasetRoot));
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(full)))[..12].ToLowerInvariant();
        var name = System.IO.Path.GetFileName(full);
        if (name.Length == 0) name = "root";
        var home = System.IO.Path.GetDirectoryName(Models.ModelCache.DefaultDirectory())!;
        return System.IO.Path.Combine(home, FolderName, $"{name}-{hash}.db");
    }

    /// <summary>Every context in the index.</summary>
    public IReadOnlyList<IndexContext> Contexts()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT fingerprint, layer, preprocessing, resize, input_width, input_height, layer_name, channels, map_height, map_width, classes FROM contexts ORDER BY id";
        using var reader = command.ExecuteReader();
        var contexts = new List<IndexContext>();
        while (reader.Read()) contexts.Add(ReadContext(reader, 0));
        return contexts;
    }

    /// <summary>The id of <paramref name="context"/>, adding it when <paramref name="create"/>; null when absent.</summary>
    /// <exception cref="ConvLensException">The index has the same key with a different layer description.</exception>
    internal long? ContextId(IndexContext context, bool create) => ContextId(_connection, null, context, create, Path);

    /// <summary>Number of images stored under <paramref name="context"/>.</summary>
    public int Count(IndexContext context)
    {
        if (ContextId(context, create: false) is not { } id) return 0;
        return Convert.ToInt32(Scalar(_connection, $"SELECT count(*) FROM images WHERE context = {id}"));
    }

    /// <summary>The stored state of every path under the context (empty when the context is new).</summary>
    internal Dictionary<string, IndexedState> States(long contextId)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT path, size, modified, error, class IS NOT NULL FROM images WHERE context = $context";
        command.Parameters.AddWithValue("$context", contextId);
        using var reader = command.ExecuteReader();
        var states = new Dictionary<string, IndexedState>(StringComparer.Ordinal);
        while (reader.Read())
            states[reader.GetString(0)] = new IndexedState(reader.GetInt64(1), reader.GetInt64(2), reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetBoolean(4));
        return states;
    }

    /// <summary>Writes one batch of results in one transaction (all or nothing).</summary>
    internal void Write(long contextId, IReadOnlyList<IndexedImage> batch)
    {
        if (batch.Count == 0) return;
        using var tx = _connection.BeginTransaction();
        using var command = _connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = Upsert;
        var context = command.Parameters.Add("$context", SqliteType.Integer);
        var path = command.Parameters.Add("$path", SqliteType.Text);
        var size = command.Parameters.Add("$size", SqliteType.Integer);
        var modified = command.Parameters.Add("$modified", SqliteType.Integer);
        var error = command.Parameters.Add("$error", SqliteType.Text);
        var cls = command.Parameters.Add("$class", SqliteType.Integer);
        var probability = command.Parameters.Add("$probability", SqliteType.Real);
        var stats = command.Parameters.Add("$stats", SqliteType.Blob);
        command.Prepare();
        foreach (var image in batch)
        {
            context.Value = contextId;
            path.Value = image.File.RelativePath;
            size.Value = image.File.Size;
            modified.Value = image.File.ModifiedTicks;
            error.Value = (object?)image.Error ?? DBNull.Value;
            cls.Value = (object?)image.PredictedClass ?? DBNull.Value;
            probability.Value = image.ClassProbability is { } p ? (double)p : DBNull.Value;
            stats.Value = (object?)image.Statistics ?? DBNull.Value;
            command.ExecuteNonQuery();
        }
        tx.Commit();
    }

    /// <summary>
    /// One channel of every stored image under the context, whatever its file looks like now (the caller
    /// matches size and time against a scan): statistics for readable images, the reason for bad ones.
    /// </summary>
    internal IEnumerable<IndexedImage> ReadChannel(long contextId, int channel)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT path, size, modified, error, class, probability, substr(stats, $offset, $length) FROM images WHERE context = $context";
        command.Parameters.AddWithValue("$context", contextId);
        command.Parameters.AddWithValue("$offset", channel * ChannelStatistics.EncodedSize + 1);
        command.Parameters.AddWithValue("$length", ChannelStatistics.EncodedSize);
        using var reader = command.ExecuteReader();
        while (reader.Read()) yield return ReadImage(reader, "");
    }

    /// <summary>
    /// Every stored image under <paramref name="context"/> with all its channels, in path order (ordinal),
    /// with <paramref name="datasetRoot"/> joined to make full paths: for comparing indexes and exporting.
    /// </summary>
    public IReadOnlyList<IndexedImage> Images(IndexContext context, string datasetRoot = "")
    {
        if (ContextId(context, create: false) is not { } id) return [];
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT path, size, modified, error, class, probability, stats FROM images WHERE context = $context";
        command.Parameters.AddWithValue("$context", id);
        using var reader = command.ExecuteReader();
        var images = new List<IndexedImage>();
        while (reader.Read()) images.Add(ReadImage(reader, datasetRoot));
        images.Sort((a, b) => string.CompareOrdinal(a.File.RelativePath, b.File.RelativePath));
        return images;
    }

    /// <summary>
    /// Combines index files (shards computed apart) into <paramref name="output"/>, written atomically.
    /// Contexts are matched by key; when two inputs hold the same image of a context, the entry with the
    /// later modified time wins (the first given, when equal), so merging shards of one dataset gives what
    /// one run over all of it gives.
    /// </summary>
    /// <exception cref="ConvLensException">An input is missing or not an index, or the output is one of the inputs.</exception>
    public static IndexMergeResult Merge(IReadOnlyList<string> inputs, string output)
    {
        if (inputs.Count == 0) throw new ConvLensException("index merge needs at least one index file");
        var outputFull = System.IO.Path.GetFullPath(output);
        foreach (var input in inputs)
        {
            if (!File.Exists(input)) throw new ConvLensException($"index file '{input}' does not exist");
            if (System.IO.Path.GetFullPath(input) == outputFull)
                throw new ConvLensException($"the merged index '{output}' is also an input; write it to a new file");
            // Opening checks the schema version of every input before anything is written.
            using var check = Open(input);
        }
        var folder = System.IO.Path.GetDirectoryName(outputFull)!;
        Directory.CreateDirectory(folder);
        var temp = System.IO.Path.Combine(folder, $".{System.IO.Path.GetFileName(outputFull)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            int contexts, images = 0, duplicates = 0;
            using (var merged = Open(temp))
            {
                var connection = merged._connection;
                foreach (var input in inputs)
                {
                    Execute(connection, $"ATTACH DATABASE {Quote(System.IO.Path.GetFullPath(input))} AS source");
                    try
                    {
                        using var tx = connection.BeginTransaction();
                        foreach (var (sourceId, context) in SourceContexts(connection, tx))
                        {
                            long id = ContextId(connection, tx, context, create: true, input)!.Value;
                            long before = Convert.ToInt64(Scalar(connection, $"SELECT count(*) FROM main.images WHERE context = {id}", tx));
                            long incoming = Convert.ToInt64(Scalar(connection, $"SELECT count(*) FROM source.images WHERE context = {sourceId}", tx));
                            // "WHERE true" keeps SQLite from reading ON CONFLICT as part of the SELECT's join.
                            Execute(connection, $"""
                                INSERT INTO main.images(context, path, size, modified, error, class, probability, stats)
                                SELECT {id}, path, size, modified, error, class, probability, stats FROM source.images WHERE context = {sourceId} AND true
                                ON CONFLICT(context, path) DO UPDATE SET size = excluded.size, modified = excluded.modified, error = excluded.error,
                                    class = excluded.class, probability = excluded.probability, stats = excluded.stats
                                WHERE excluded.modified > images.modified
                                """, tx);
                            long after = Convert.ToInt64(Scalar(connection, $"SELECT count(*) FROM main.images WHERE context = {id}", tx));
                            images += (int)incoming;
                            duplicates += (int)(incoming - (after - before));
                        }
                        tx.Commit();
                    }
                    finally { Execute(connection, "DETACH DATABASE source"); }
                }
                contexts = merged.Contexts().Count;
            }
            File.Move(temp, outputFull, overwrite: true);
            return new IndexMergeResult(inputs.Count, contexts, images, duplicates);
        }
        catch
        {
            try { File.Delete(temp); } catch (IOException) { }
            throw;
        }
    }

    private static IEnumerable<(long Id, IndexContext Context)> SourceContexts(SqliteConnection connection, SqliteTransaction tx)
    {
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = "SELECT id, fingerprint, layer, preprocessing, resize, input_width, input_height, layer_name, channels, map_height, map_width, classes FROM source.contexts ORDER BY id";
        using var reader = command.ExecuteReader();
        var list = new List<(long, IndexContext)>();
        while (reader.Read()) list.Add((reader.GetInt64(0), ReadContext(reader, 1)));
        return list;
    }

    private static long? ContextId(SqliteConnection connection, SqliteTransaction? tx, IndexContext context, bool create, string source)
    {
        using var find = connection.CreateCommand();
        find.Transaction = tx;
        find.CommandText = """
            SELECT id, fingerprint, layer, preprocessing, resize, input_width, input_height, layer_name, channels, map_height, map_width, classes FROM main.contexts
            WHERE fingerprint = $f AND layer = $l AND preprocessing = $p AND resize = $r AND input_width = $w AND input_height = $h
            """;
        AddKey(find, context);
        using (var reader = find.ExecuteReader())
        {
            if (reader.Read())
            {
                var stored = ReadContext(reader, 1);
                // The layer's shape follows from the key; a different one means the file was written by other code.
                if (stored with { LayerName = context.LayerName, Classes = context.Classes } != context)
                    throw new ConvLensException($"index '{source}' describes {context.Key} as {stored.Channels} channels of {stored.MapHeight}×{stored.MapWidth}, " +
                        $"not {context.Channels} of {context.MapHeight}×{context.MapWidth}; delete it or pass another --db");
                return reader.GetInt64(0);
            }
        }
        if (!create) return null;
        using var insert = connection.CreateCommand();
        insert.Transaction = tx;
        insert.CommandText = """
            INSERT INTO main.contexts(fingerprint, layer, preprocessing, resize, input_width, input_height, layer_name, channels, map_height, map_width, classes)
            VALUES($f, $l, $p, $r, $w, $h, $name, $c, $mh, $mw, $classes) RETURNING id
            """;
        AddKey(insert, context);
        insert.Parameters.AddWithValue("$name", context.LayerName);
        insert.Parameters.AddWithValue("$c", context.Channels);
        insert.Parameters.AddWithValue("$mh", context.MapHeight);
        insert.Parameters.AddWithValue("$mw", context.MapWidth);
        insert.Parameters.AddWithValue("$classes", context.Classes);
        return Convert.ToInt64(insert.ExecuteScalar());
    }

    private static void AddKey(SqliteCommand command, IndexContext context)
    {
        command.Parameters.AddWithValue("$f", context.Fingerprint);
        command.Parameters.AddWithValue("$l", context.Layer);
        command.Parameters.AddWithValue("$p", context.Preprocessing);
        command.Parameters.AddWithValue("$r", context.Resize);
        command.Parameters.AddWithValue("$w", context.InputWidth);
        command.Parameters.AddWithValue("$h", context.InputHeight);
    }

    private static IndexContext ReadContext(SqliteDataReader r, int first) => new(
        r.GetString(first), r.GetString(first + 1), r.GetString(first + 2), r.GetString(first + 3), r.GetInt32(first + 4), r.GetInt32(first + 5),
        r.GetString(first + 6), r.GetInt32(first + 7), r.GetInt32(first + 8), r.GetInt32(first + 9), r.GetInt32(first + 10));

    private static IndexedImage ReadImage(SqliteDataReader r, string root)
    {
        var relative = r.GetString(0);
        var file = new DatasetFile(relative, root.Length == 0 ? relative : System.IO.Path.Combine(root, relative), r.GetInt64(1), r.GetInt64(2));
        return new IndexedImage(file,
            r.IsDBNull(3) ? null : r.GetString(3),
            r.IsDBNull(4) ? null : r.GetInt32(4),
            r.IsDBNull(5) ? null : (float)r.GetDouble(5),
            r.IsDBNull(6) ? null : (byte[])r.GetValue(6));
    }

    private static SqliteConnection Connect(string path, SqliteOpenMode mode)
    {
        // No pooling: a pooled connection keeps the file open after Dispose, which blocks moving or deleting it.
        var builder = new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false, DefaultTimeout = 60 };
        var connection = new SqliteConnection(builder.ToString());
        try { connection.Open(); }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw new ConvLensException($"cannot open index '{path}': {e.Message}", e);
        }
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? tx = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, string sql, SqliteTransaction? tx = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static string Quote(string text) => "'" + text.Replace("'", "''") + "'";

    /// <inheritdoc />
    public void Dispose() => _connection.Dispose();
}
