using Ledger.Domain.Participants;

namespace Ledger.Projections.Demo;

/// <summary>
/// The people of a streamed demo company: colleagues at desks (department, office, country) in six countries, and
/// external counterparts in all four roles. The roster grows with the history, as in <see cref="DemoCompany.Generate"/>
/// (one colleague per 400 conversations, one counterpart per 20), and is the only state that does: 16 bytes a person
/// (≈ 1.3 MB at 10M events). The ids are kept sorted, so "is this participant registered?" is a binary search and
/// registration goes in that order; a participant's attributes are a pure function of its index, so no participant
/// state is kept.
/// </summary>
internal sealed class DemoRoster
{
    /// <summary>Where colleagues sit, with how many of every 35 sit there. The first colleagues take one desk each.</summary>
    public static readonly (string Department, string Office, string Country, int Weight)[] Desks =
    [
        ("management", "London", "GB", 1), ("sales", "Berlin", "DE", 4), ("sales", "New York", "US", 4), ("sales", "Madrid", "ES", 2),
        ("support", "Paris", "FR", 4), ("support", "Berlin", "DE", 3), ("support", "Austin", "US", 3), ("marketing", "London", "GB", 2),
        ("engineering", "Berlin", "DE", 4), ("engineering", "Paris", "FR", 2), ("logistics", "Paris", "FR", 2), ("finance", "London", "GB", 2),
        ("community", "Dublin", "IE", 2),
    ];

    public const int Management = 0;
    public const int Marketing = 7;
    public const int Logistics = 10;
    public const int Finance = 11;
    public const int Community = 12;
    public const int SalesBerlin = 1;

    private static readonly string[] Organisations = ["acme", "globex", "initech", "umbrella", "hooli", "stark", "wayne", "tyrell", "cyberdyne", "soylent"];
    private static readonly string[] Countries = ["DE", "FR", "GB", "US", "ES", "IE", "NL", "IT", "CA", "JP", "BR", "IN"];
    private static readonly int TotalWeight = Desks.Sum(d => d.Weight);

    private readonly Guid[] _staff;
    private readonly byte[] _desk;
    private readonly Guid[] _externals;
    private int _staffRegistered;
    private int _externalsRegistered;

    public DemoRoster(int staff, int externals, DemoIds ids)
    {
        _staff = new Guid[staff];
        _desk = new byte[staff];
        for (var i = 0; i < staff; i++)
        {
            _staff[i] = ids.Of("staff", i);
            _desk[i] = (byte)InitialDesk(i);
        }
        _externals = new Guid[externals];
        for (var i = 0; i < externals; i++) _externals[i] = ids.Of("external", i);
        Array.Sort(_staff);
        Array.Sort(_externals);
    }

    public int StaffCount => _staff.Length;

    public int ExternalCount => _externals.Length;

    public Guid Staff(int index) => _staff[index];

    public Guid External(int index) => _externals[index];

    public bool IsRegistered(Guid id)
    {
        var staff = Array.BinarySearch(_staff, id);
        if (staff >= 0) return staff < _staffRegistered;
        var external = Array.BinarySearch(_externals, id);
        return external >= 0 && external < _externalsRegistered;
    }

    /// <summary>Records that the next participant in roster order was registered.</summary>
    public void Registered(Guid id)
    {
        if (_staffRegistered < _staff.Length && _staff[_staffRegistered] == id) _staffRegistered++;
        else if (_externalsRegistered < _externals.Length && _externals[_externalsRegistered] == id) _externalsRegistered++;
        else throw new InvalidOperationException($"Participant {id} was registered out of roster order.");
    }

    public void Moved(int staff, int desk) => _desk[staff] = (byte)desk;

    /// <summary>The first desks are staffed one each (so every department exists); then colleagues spread by weight.</summary>
    public static int InitialDesk(int index)
    {
        if (index < Desks.Length) return index;
        var slot = (int)((uint)index * 2654435761u % (uint)TotalWeight);
        for (var desk = 0; desk < Desks.Length; desk++)
        {
            if (slot < Desks[desk].Weight) return desk;
            slot -= Desks[desk].Weight;
        }
        return Desks.Length - 1;
    }

    public static ExternalRole RoleOf(int index) => (index % 20) switch
    {
        < 11 => ExternalRole.Customer,
        < 14 => ExternalRole.Partner,
        < 16 => ExternalRole.Supplier,
        _ => ExternalRole.CommunityMember,
    };

    public static string CountryOf(int index) => Countries[(int)((uint)index * 2246822519u % (uint)Countries.Length)];

    /// <summary>What the counterpart pays in: the rates the demo seeder provides are USD and GBP into EUR.</summary>
    public static string CurrencyOf(int index) => CountryOf(index) switch
    {
        "GB" => "GBP",
        "US" or "CA" or "JP" or "BR" or "IN" => "USD",
        _ => "EUR",
    };

    public RegisterParticipant StaffRegistration(int index, DateTimeOffset at)
    {
        var (department, office, country, _) = Desks[InitialDesk(index)];
        return new RegisterParticipant(_staff[index], ParticipantType.Internal, department, office, country, null, null, at);
    }

    /// <summary>Community members speak for themselves; everyone else for an organisation of about five contacts.</summary>
    public RegisterParticipant ExternalRegistration(int index, DateTimeOffset at)
    {
        var role = RoleOf(index);
        string? organisation = null;
        if (role != ExternalRole.CommunityMember)
        {
            var n = index / 5;
            organisation = n < Organisations.Length ? Organisations[n] : $"{Organisations[n % Organisations.Length]}-{n / Organisations.Length}";
        }
        return new RegisterParticipant(_externals[index], ParticipantType.External, null, null, CountryOf(index), role, organisation, at);
    }

    /// <summary>A colleague in one of <paramref name="departments"/> (any colleague if none is drawn in a few tries).</summary>
    public int PickStaff(Random random, ReadOnlySpan<string> departments, int except = -1)
    {
        for (var attempt = 0; attempt < 24; attempt++)
        {
            var candidate = random.Next(_staff.Length);
            if (candidate != except && departments.Contains(Desks[_desk[candidate]].Department)) return candidate;
        }
        var any = random.Next(_staff.Length);
        return any != except ? any : (any + 1) % _staff.Length;
    }

    /// <summary>Counterparts are skewed (index ~ u^1.5): a few key accounts and a long tail, as in real relationship data.</summary>
    public int PickExternal(Random random)
    {
        var u = random.NextDouble();
        return Math.Min(_externals.Length - 1, (int)(_externals.Length * u * Math.Sqrt(u)));
    }
}
